import { z } from 'zod';
import { EventlineError } from '../../lib/eventline-error';
import type { GroupDetail, PartitionLag } from '../../lib/lag-types';
import { activeGroupReason, OFFSET_RESET_TARGETS, type OffsetResetPlan, type OffsetResetRequest } from '../../lib/offset-reset-types';
import { KafkaRequestError, OffsetOutOfRangeError } from '../kafka/kafka-errors';
import type { KafkaService } from '../kafka';
import type { LagMonitor } from './lag-monitor';

export const offsetResetSchema = z
  .object({
    topic: z.string().min(1).optional(),
    to: z.enum(OFFSET_RESET_TARGETS),
    timestamp: z.number().int().nonnegative().optional(),
    partition: z.number().int().nonnegative().optional(),
    offset: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((b) => b.to !== 'timestamp' || b.timestamp !== undefined, { message: 'timestamp is required with to=timestamp', path: ['timestamp'] })
  .refine((b) => b.to !== 'offset' || b.offset !== undefined, { message: 'offset is required with to=offset', path: ['offset'] })
  .refine((b) => b.to !== 'offset' || (b.topic !== undefined && b.partition !== undefined), {
    message: 'a specific offset applies to one partition: give topic and partition',
    path: ['partition'],
  }) satisfies z.ZodType<OffsetResetRequest>;

export type { OffsetResetPlan, OffsetResetRequest };

export class GroupHasMembersError extends EventlineError {
  constructor(groupId: string, members: number, state: string) {
    super(`${activeGroupReason(members)} Group "${groupId}" is ${state}.`, { code: 'GROUP_NOT_EMPTY', httpStatus: 409 });
  }
}

export class GroupTopicNotFoundError extends EventlineError {
  constructor(groupId: string, topic: string, partition: number | undefined, known: string[]) {
    const what = partition === undefined ? `topic "${topic}"` : `partition ${topic}[${partition}]`;
    super(`Group "${groupId}" has no offsets on ${what}${known.length ? ` (it reads ${known.join(', ')})` : ''}.`, {
      code: 'GROUP_TOPIC_NOT_FOUND',
      httpStatus: 404,
    });
  }
}

/** Offset reset for an Empty group: a preview of the new lag, then the write (audited by the route). */
export function createOffsetReset(deps: { kafka: Pick<KafkaService, 'setGroupOffsets' | 'offsetsForTime'>; monitor: LagMonitor }) {
  const { kafka, monitor } = deps;

  async function plan(groupId: string, req: OffsetResetRequest): Promise<OffsetResetPlan> {
    // Fresh figures: the preview must show what the write will do, not the last poll.
    await monitor.refresh();
    const g = monitor.group(groupId);
    if (!g) throw new EventlineError(`No consumer group "${groupId}" is known.`, { code: 'GROUP_NOT_FOUND', httpStatus: 404 });
    if (g.state !== 'Empty' && g.state !== 'Dead') throw new GroupHasMembersError(groupId, g.members.length, g.state);
    const ps = partitionsInScope(g, req);
    const byTime = req.to === 'timestamp' ? await offsetsAt(ps, req.timestamp!) : new Map<string, number>();
    const partitions = ps.map((p) => {
      const low = p.logStart ?? 0;
      const high = p.logEnd!;
      let to: number;
      if (req.to === 'offset') {
        if (req.offset! < low || req.offset! > high) throw new OffsetOutOfRangeError(p.topic, p.partition, req.offset!, low, high, { endIncluded: true });
        to = req.offset!;
      } else if (req.to === 'timestamp') {
        // No record at or after the time: the log end (what kafka-consumer-groups does).
        const t = byTime.get(`${p.topic}:${p.partition}`) ?? -1;
        to = t < 0 ? high : Math.min(Math.max(t, low), high);
      } else {
        to = req.to === 'earliest' ? low : high;
      }
      return { topic: p.topic, partition: p.partition, from: p.committed, to, lagBefore: p.lag, lagAfter: high - to };
    });
    return {
      groupId,
      partitions,
      totalLagBefore: partitions.reduce((s, p) => s + (p.lagBefore ?? 0), 0),
      totalLagAfter: partitions.reduce((s, p) => s + p.lagAfter, 0),
    };
  }

  async function offsetsAt(ps: PartitionLag[], timestamp: number) {
    const out = new Map<string, number>();
    for (const topic of new Set(ps.map((p) => p.topic))) {
      for (const o of await kafka.offsetsForTime(topic, timestamp)) out.set(`${topic}:${o.partition}`, o.offset);
    }
    return out;
  }

  return {
    preview: plan,
    async apply(groupId: string, req: OffsetResetRequest): Promise<OffsetResetPlan> {
      const p = await plan(groupId, req);
      try {
        for (const topic of new Set(p.partitions.map((x) => x.topic))) {
          await kafka.setGroupOffsets(groupId, topic, p.partitions.filter((x) => x.topic === topic).map((x) => ({ partition: x.partition, offset: x.to })));
        }
      } catch (err) {
        // A consumer joined between the check and the commit: Kafka's refusal, in our words.
        if (err instanceof KafkaRequestError && /member|generation|rebalanc/i.test(err.message)) throw new GroupHasMembersError(groupId, 0, 'active');
        throw err;
      }
      return p;
    },
  };
}

function partitionsInScope(g: GroupDetail, req: OffsetResetRequest): PartitionLag[] {
  const known = [...new Set(g.partitions.map((p) => p.topic))];
  const ps = g.partitions.filter((p) => (!req.topic || p.topic === req.topic) && (req.partition === undefined || p.partition === req.partition));
  if (req.topic && !ps.length) throw new GroupTopicNotFoundError(g.groupId, req.topic, req.partition, known);
  const readable = ps.filter((p) => p.logEnd !== null);
  if (!readable.length) {
    throw new EventlineError(`Group "${g.groupId}" has no partitions whose log end could be read; try again after the next poll.`, {
      code: 'NOTHING_TO_RESET',
      httpStatus: 422,
    });
  }
  return readable;
}

export type OffsetReset = ReturnType<typeof createOffsetReset>;
