// Test helper: reads every record of some topics into memory, so a test can wait for what it
// expects to appear ("the DLQ has a record for order X") instead of sleeping and hoping.
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer } from 'kafkajs';
import { correlationIdOf, headerString } from '../lib/envelope';
import { createKafka } from '../lib/kafka';

export interface TappedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  /** The value as it was on the wire (Avro is not text). */
  bytes: Buffer | null;
  headers: Record<string, string>;
  /** ce_id, when present. */
  id: string | undefined;
  correlationId: string | undefined;
  causationId: string | undefined;
  json: unknown;
}

export class TopicTap {
  readonly records: TappedRecord[] = [];
  /** Next offset to read, by "topic/partition". */
  private readonly next = new Map<string, number>();
  private constructor(
    private readonly consumer: Consumer,
    private readonly topics: string[],
  ) {}

  static async start(brokers: string[], topics: string[], name = 'tap'): Promise<TopicTap> {
    const kafka = createKafka({ brokers, clientId: `${name}-${randomUUID().slice(0, 8)}`, log: () => {} });
    const consumer = kafka.consumer({ groupId: `${name}-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const tap = new TopicTap(consumer, topics);
    const joined = new Promise<void>((resolve) => {
      const off = consumer.on(consumer.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const headers: Record<string, string> = {};
          for (const name of Object.keys(m.headers ?? {})) headers[name] = headerString(m.headers, name)!;
          const value = m.value?.toString('utf8') ?? null;
          let json: unknown;
          try {
            json = value === null ? undefined : JSON.parse(value);
          } catch {
            json = undefined;
          }
          tap.records.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString('utf8') ?? null,
            value,
            bytes: m.value,
            headers,
            id: headers.ce_id,
            correlationId: correlationIdOf(m.headers),
            causationId: headers['x-causation-id'],
            json,
          });
          tap.next.set(`${batch.topic}/${batch.partition}`, Number(m.offset) + 1);
        }
      },
    });
    await joined;
    return tap;
  }

  /** Resolves once the tap has read everything its topics held when it was called. */
  async catchUp(admin: Admin, timeoutMs = 20_000): Promise<void> {
    const ends = await Promise.all(this.topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })));
    await waitFor(
      'the tap to catch up',
      () =>
        ends.every(({ topic, offsets }) =>
          // Control records (transactions) would leave a gap; the demo writes none.
          offsets.every(({ partition, high, low }) => Number(high) === Number(low) || (this.next.get(`${topic}/${partition}`) ?? 0) >= Number(high)),
        ),
      timeoutMs,
    );
  }

  find(topic: string, key: string): TappedRecord[] {
    return this.records.filter((r) => r.topic === topic && r.key === key);
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

/** Polls `check` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
