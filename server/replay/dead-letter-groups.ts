import { decodeDeadLetterHeaders } from '../../lib/dead-letter-headers';
import type { DeadLetterGroup, DeadLetterSummary } from '../../lib/replay-types';
import type { RecordReader } from '../kafka';
import { planSelection, readSource, initialCheckpoint } from './read-source';

/** Records a grouped view reads at most. */
export const DEAD_LETTER_READ_CAP = 200_000;

/**
 * Groups a dead-letter topic's records by original topic, failing consumer group and
 * exception message, for the redrive view: each group's count and first and last time.
 */
export async function groupDeadLetters(reader: RecordReader, topic: string, readCap = DEAD_LETTER_READ_CAP): Promise<DeadLetterSummary> {
  const plan = await planSelection(reader, { kind: 'range', topic, filters: {} });
  const groups = new Map<string, DeadLetterGroup>();
  let read = 0;
  let partial = false;
  for await (const batch of readSource(reader, plan, initialCheckpoint(plan), 2_000)) {
    for (const { record } of batch.records) {
      read += 1;
      const info = decodeDeadLetterHeaders(record.headers);
      const g = {
        originalTopic: info?.originalTopic ?? null,
        consumerGroup: info?.consumerGroup ?? null,
        exceptionMessage: info?.exceptionMessage ?? null,
      };
      const id = JSON.stringify([g.originalTopic, g.consumerGroup, g.exceptionMessage]);
      const found = groups.get(id);
      if (found) {
        found.count += 1;
        found.firstSeen = Math.min(found.firstSeen, record.timestamp);
        found.lastSeen = Math.max(found.lastSeen, record.timestamp);
      } else {
        groups.set(id, { ...g, exceptionClass: info?.exceptionClass ?? null, family: info?.family ?? null, count: 1, firstSeen: record.timestamp, lastSeen: record.timestamp });
      }
    }
    if (read >= readCap) {
      partial = true;
      break;
    }
  }
  return { topic, groups: [...groups.values()].sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen), read, partial };
}
