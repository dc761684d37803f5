import type { EventCatalog } from '../../catalog';
import type { RouteDef } from '../route-table';

/** The event catalog: every type and version seen, its shape and drift. Reads the catalog tables only. */
export function catalogRoutes(deps: { catalog: EventCatalog }): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/catalog',
      access: 'viewer',
      handler: async (c) => c.json(await deps.catalog.read()),
    },
  ];
}
