import { replayRequestSchema, type ParsedReplayRequest, type ReplayJobView } from '../../../lib/replay-types';
import type { AuthService } from '../../auth';
import type { ReplayService } from '../../replay';
import { audited } from '../audited';
import type { RouteContext, RouteDef } from '../route-table';

const EXAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/** What the audit log keeps of a request: the selection, target and options (never record bytes). */
const requestDetail = (req: ParsedReplayRequest) => ({ selection: req.selection, target: req.target, options: req.options });
const countsDetail = (j: ReplayJobView) => ({ state: j.state, total: j.total, counts: j.counts, possibleDuplicates: j.possibleDuplicates });

/** Replay and redrive jobs: operators start and steer them, viewers watch. */
export function replayRoutes(deps: { replay: ReplayService; auth: AuthService }): RouteDef[] {
  const { replay, auth } = deps;
  const actor = (c: RouteContext) => c.get('session')!.user.username;
  const step = (action: 'pause' | 'resume' | 'cancel'): RouteDef => ({
    method: 'POST',
    path: `/api/replays/:id/${action}`,
    access: 'operator',
    example: `/api/replays/${EXAMPLE_ID}/${action}`,
    handler: async (c) => {
      const id = c.req.param('id') ?? '';
      const before = await replay.get(id).catch(() => null);
      const detail = before ? { selection: before.selection, target: before.target, ...countsDetail(before) } : undefined;
      const job = await audited(auth, c, { action: `replay.${action}`, target: id, detail }, () => replay[action](id, actor(c)));
      return c.json(job);
    },
  });
  return [
    {
      method: 'POST',
      path: '/api/replays/preview',
      access: 'operator',
      handler: async (c) => {
        const req = replayRequestSchema.parse(await c.req.json());
        return c.json(await replay.preview(req));
      },
    },
    {
      method: 'POST',
      path: '/api/replays',
      access: 'operator',
      handler: async (c) => {
        const req = replayRequestSchema.parse(await c.req.json());
        const job = await audited(auth, c, { action: 'replay.start', target: targetLabel(req), detail: requestDetail(req) }, () => replay.create(req, actor(c)));
        return c.json(job, 201);
      },
    },
    {
      method: 'GET',
      path: '/api/replays',
      access: 'viewer',
      handler: async (c) => c.json({ jobs: await replay.list() }),
    },
    {
      method: 'GET',
      path: '/api/replays/:id',
      access: 'viewer',
      example: `/api/replays/${EXAMPLE_ID}`,
      handler: async (c) => c.json(await replay.get(c.req.param('id') ?? '')),
    },
    step('pause'),
    step('resume'),
    step('cancel'),
    {
      method: 'GET',
      path: '/api/topics/:topic/dead-letters',
      access: 'viewer',
      example: '/api/topics/payments.DLQ/dead-letters',
      handler: async (c) => c.json(await replay.deadLetters(c.req.param('topic') ?? '')),
    },
  ];
}

function targetLabel(req: ParsedReplayRequest): string {
  return req.target.kind === 'topic' ? req.target.topic : req.target.kind;
}
