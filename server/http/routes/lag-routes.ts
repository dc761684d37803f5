import { z } from 'zod';
import { EventlineError } from '../../../lib/eventline-error';
import { LAG_RANGES } from '../../../lib/lag-types';
import type { AuthService } from '../../auth';
import { audited } from '../audited';
import type { RouteDef } from '../route-table';
import { offsetResetSchema, type LagHistory, type LagMonitor, type OffsetReset } from '../../lag';

export class GroupNotFoundError extends EventlineError {
  constructor(groupId: string) {
    super(`No consumer group "${groupId}" is known (groups appear after the next poll).`, { code: 'GROUP_NOT_FOUND', httpStatus: 404 });
  }
}

const rangeSchema = z.enum(LAG_RANGES).default('1h');

export function lagRoutes(deps: { monitor: LagMonitor; history: LagHistory | null; reset: OffsetReset; auth: AuthService }): RouteDef[] {
  const { monitor, history, reset, auth } = deps;
  const groupOf = (id: string) => {
    const g = monitor.group(id);
    if (!g) throw new GroupNotFoundError(id);
    return g;
  };
  return [
    { method: 'GET', path: '/api/lag/groups', access: 'viewer', handler: (c) => c.json(monitor.snapshot()) },
    {
      method: 'GET',
      path: '/api/lag/groups/:id',
      access: 'viewer',
      example: '/api/lag/groups/some-group',
      handler: (c) => c.json(groupOf(c.req.param('id') ?? '')),
    },
    {
      method: 'GET',
      path: '/api/lag/groups/:id/history',
      access: 'viewer',
      example: '/api/lag/groups/some-group/history?range=1h',
      handler: async (c) => {
        const range = rangeSchema.parse(c.req.query('range') ?? undefined);
        const id = c.req.param('id') ?? '';
        if (!history) return c.json({ groupId: id, range, resolution: 'raw', points: [], partitions: [], statusChanges: [] });
        return c.json(await history.query(id, range));
      },
    },
    {
      method: 'GET',
      path: '/api/lag/topics/:name/consumers',
      access: 'viewer',
      example: '/api/lag/topics/some-topic/consumers',
      handler: (c) => c.json(monitor.consumersOf(c.req.param('name') ?? '')),
    },
    {
      method: 'POST',
      path: '/api/lag/groups/:id/offsets/preview',
      access: 'operator',
      example: '/api/lag/groups/some-group/offsets/preview',
      handler: async (c) => {
        const body = offsetResetSchema.parse(await c.req.json());
        return c.json(await reset.preview(c.req.param('id') ?? '', body));
      },
    },
    {
      method: 'POST',
      path: '/api/lag/groups/:id/offsets',
      access: 'operator',
      example: '/api/lag/groups/some-group/offsets',
      handler: async (c) => {
        const id = c.req.param('id') ?? '';
        const body = offsetResetSchema.parse(await c.req.json());
        // The audit entry says what moved, not only what was asked: audited() records this object after the action.
        const detail: Record<string, unknown> = { ...body };
        const result = await audited(auth, c, { action: 'group.offsets.reset', target: id, detail }, async () => {
          const plan = await reset.apply(id, body);
          detail.partitions = plan.partitions.map((p) => `${p.topic}[${p.partition}] ${p.from ?? 'none'} → ${p.to}`);
          detail.totalLagBefore = plan.totalLagBefore;
          detail.totalLagAfter = plan.totalLagAfter;
          return plan;
        });
        await monitor.refresh();
        return c.json(result);
      },
    },
  ];
}
