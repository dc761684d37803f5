import { z } from 'zod';
import { FLOW_WINDOWS } from '../../../lib/flow-types';
import type { FlowService } from '../../flows';
import type { RouteDef } from '../route-table';

const windowSchema = z.enum(FLOW_WINDOWS).default('5m');

/** The flow map (one window's graph) and what was seen as an AsyncAPI 3.0 document. */
export function flowRoutes(deps: { flows: FlowService }): RouteDef[] {
  const { flows } = deps;
  return [
    {
      method: 'GET',
      path: '/api/flows',
      access: 'viewer',
      example: '/api/flows?window=1h',
      handler: async (c) => c.json(await flows.graph(windowSchema.parse(c.req.query('window') ?? undefined))),
    },
    {
      method: 'GET',
      path: '/api/flows/asyncapi',
      access: 'viewer',
      handler: async (c) => {
        c.header('content-disposition', 'inline; filename="asyncapi.json"');
        return c.json(await flows.asyncapi());
      },
    },
  ];
}
