import { catalogEntryQuerySchema, driftQuerySchema, versionDiffQuerySchema } from '../../../lib/catalog-types';
import type { EventCatalog } from '../../catalog';
import type { RouteDef } from '../route-table';

/**
 * The event catalog: every type and version seen, its shape, producers and consumers, its
 * registered schema, two versions side by side, and drift. Reads the catalog tables (and
 * the events they name, by key), never scans the events.
 */
export function catalogRoutes(deps: { catalog: EventCatalog }): RouteDef[] {
  const { catalog } = deps;
  return [
    {
      method: 'GET',
      path: '/api/catalog',
      access: 'viewer',
      handler: async (c) => c.json(await catalog.read()),
    },
    {
      method: 'GET',
      path: '/api/catalog/entry',
      access: 'viewer',
      example: '/api/catalog/entry?type=shop.OrderPlaced&version=1',
      handler: async (c) => c.json(await catalog.entry(catalogEntryQuerySchema.parse(c.req.query()))),
    },
    {
      method: 'GET',
      path: '/api/catalog/diff',
      access: 'viewer',
      example: '/api/catalog/diff?type=shop.OrderPlaced&version=1&toVersion=2',
      handler: async (c) => c.json(await catalog.diff(versionDiffQuerySchema.parse(c.req.query()))),
    },
    {
      method: 'GET',
      path: '/api/catalog/drift',
      access: 'viewer',
      example: '/api/catalog/drift?kind=added',
      handler: async (c) => c.json(await catalog.drift(driftQuerySchema.parse(c.req.query()))),
    },
  ];
}
