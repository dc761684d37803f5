import type { Collector } from '../../collector';
import { EventNotFoundError, TraceNotFoundError, type TraceService } from '../../traces';
import { traceSearchSchema, type CollectorHealth } from '../../../lib/trace-types';
import type { RouteDef } from '../route-table';

/** Reads of the collector's store: trace search, one trace, one event, the collector's health. */
export function traceRoutes(deps: { traces: TraceService; collector: Collector | null }): RouteDef[] {
  const { traces, collector } = deps;
  return [
    {
      method: 'GET',
      path: '/api/traces',
      access: 'viewer',
      handler: async (c) => c.json(await traces.search(traceSearchSchema.parse(c.req.query()))),
    },
    {
      method: 'GET',
      path: '/api/traces/:correlationId',
      access: 'viewer',
      example: '/api/traces/some-correlation-id',
      handler: async (c) => {
        const id = c.req.param('correlationId') ?? '';
        const trace = await traces.trace(id);
        if (!trace) throw new TraceNotFoundError(id);
        return c.json(trace);
      },
    },
    {
      method: 'GET',
      path: '/api/events/:id',
      access: 'viewer',
      example: '/api/events/1',
      handler: async (c) => {
        const id = c.req.param('id') ?? '';
        const event = await traces.event(id);
        if (!event) throw new EventNotFoundError(id);
        return c.json(event);
      },
    },
    {
      method: 'GET',
      path: '/api/collector',
      access: 'viewer',
      handler: async (c) => {
        if (!collector) return c.json({ running: false, state: 'stopped', restart: null, waitingPartitions: [], undecodableBatches: 0, groupId: '', topics: [], eventsPerSecond: 0, eventsStored: 0, duplicatesSkipped: 0, batches: 0, lastBatch: null, problems: {}, writeErrors: 0, lastError: null, lag: [] } satisfies CollectorHealth);
        const lag = await collector.lag().catch(() => []);
        return c.json({ ...collector.stats(), lag } satisfies CollectorHealth);
      },
    },
  ];
}
