import { z } from 'zod';
import { EventlineError } from '../../lib/eventline-error';
import type { KafkaService } from '../kafka';
import type { LagMonitor } from './lag-monitor';

export const offsetResetSchema = z
  .object({
    /** Only this topic; all of the group's topics when absent. */
    topic: z.string().min(1).optional(),
    to: z.enum(['earliest', 'latest', 'timestamp', 'offset']),
    timestamp: z.number().int().nonnegative().optional(),
    offset: z.number().int().nonnegative().optional(),
  })
  .refine((b) => b.to !== 'timestamp' || b.timestamp !== undefined, { message: 'timestamp is required with to=timestamp', path: ['timestamp'] })
  .refine((b) => b.to !== 'offset' || b.offset !== undefined, { message: 'offset is required with to=offset', path: ['offset'] });
export type OffsetResetRequest = z.infer<typeof offsetResetSchema>;

export interface OffsetResetPlan {
  groupId: string;
  partitions: { topic: string; partition: number; from: number | null; to: number; lagBefore: number | null; lagAfter: number }[];
  totalLagBefore: number;
  totalLagAfter: number;
}

export class GroupHasMembersError extends EventlineError {
  constructor(groupId: string, members: number, state: string) {
    super(
      `Group "${groupId}" is ${state} with ${members} active member${members === 1 ? '' : 's'}: Kafka only accepts new offsets from an Empty group. Stop its consumers first.`,
      { code: 'GROUP_NOT_EMPTY', httpStatus: 409 },
    );
  }
}

/** Offset reset for an Empty group: a preview of the new lag, then the write (audited by the route). */
export function createOffsetReset(deps: { kafka: Pick<KafkaService, 'setGroupOffsets' | 'offsetsForTime'>; monitor: LagMonitor }) {
  const { kafka, monitor } = deps;

  async function plan(groupId: string, req: OffsetResetRequest): Promise<OffsetResetPlan> {
    await monitor.refresh();
    const g = monitor.group(groupId);
    if (!g) throw new EventlineError(`No consumer group "${groupId}" is known.`, { code: 'GROUP_NOT_FOUND', httpStatus: 404 });
    if (g.state !== 'Empty' && g.state !== 'Dead') throw new GroupHasMembersError(groupId, g.members.length, g.state);
    const ps = g.partitions.filter((p) => (!req.topic || p.topic === req.topic) && p.logEnd !== null);
    if (!ps.length) throw new EventlineError(`Group "${groupId}" has no readable partitions${req.topic ? ` on ${req.topic}` : ''}.`, { code: 'NOTHING_TO_RESET', httpStatus: 422 });
    const byTime = new Map<string, number>();
    if (req.to === 'timestamp') {
      for (const topic of new Set(ps.map((p) => p.topic))) {
        for (const o of await kafka.offsetsForTime(topic, req.timestamp!)) byTime.set(`${topic}:${o.partition}`, o.offset);
      }
    }
    const partitions = ps.map((p) => {
      const low = p.logStart ?? 0;
      const high = p.logEnd!;
      let to = req.to === 'earliest' ? low : req.to === 'latest' ? high : req.to === 'offset' ? req.offset! : (byTime.get(`${p.topic}:${p.partition}`) ?? high);
      if (to < 0) to = high;
      to = Math.min(Math.max(to, low), high);
      return { topic: p.topic, partition: p.partition, from: p.committed, to, lagBefore: p.lag, lagAfter: high - to };
    });
    return {
      groupId,
      partitions,
      totalLagBefore: partitions.reduce((s, p) => s + (p.lagBefore ?? 0), 0),
      totalLagAfter: partitions.reduce((s, p) => s + p.lagAfter, 0),
    };
  }

  return {
    preview: plan,
    async apply(groupId: string, req: OffsetResetRequest): Promise<OffsetResetPlan> {
      const p = await plan(groupId, req);
      for (const topic of new Set(p.partitions.map((x) => x.topic))) {
        await kafka.setGroupOffsets(groupId, topic, p.partitions.filter((x) => x.topic === topic).map((x) => ({ partition: x.partition, offset: x.to })));
      }
      return p;
    },
  };
}

export type OffsetReset = ReturnType<typeof createOffsetReset>;
