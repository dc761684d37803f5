// Issue 10, part 1: records written by an outside client (kcat, which is librdkafka) in
// every codec are collected and browsable; a batch that cannot be decoded holds up its
// own partition only, visibly, and loses nothing; a crashed consumer comes back.
//
// A batch really is compressed when the codec's decoder ran on it: compressionStats()
// counts the batches each codec decompressed in this process. (librdkafka sends a batch
// uncompressed when that is smaller, so the payloads here repeat themselves.)
import { execFileSync } from 'node:child_process';
import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageQuerySchema } from '../../lib/message-types';
import { createKafkaService, type KafkaService } from '../kafka';
import { codecImplementations, compressionStats, pristineCodecs } from '../kafka/compression-codecs';
import { UndecodableBatchError } from '../kafka/kafka-errors';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createLogger } from '../log/logger';
import { createMessageBrowser, type MessageBrowser } from '../messages';
import { createDatabase, type Database } from '../store';
import { createScratch, type Scratch } from '../store/test-support/scratch-databases';
import { createCollector, type Collector, type CollectorStats } from './index';

const { CompressionTypes } = kafkajs;
const log = createLogger({ level: 'error' });
const ns = uniqueName('codecs').replace(/-/g, '_');
let scratch: Scratch;
let db: Database;
let kafka: KafkaService;
let admin: Admin;
let browser: MessageBrowser;
let collector: Collector;
/** Every status the collector reported, sampled every 25 ms, to see the restarts. */
const seen: CollectorStats[] = [];
let sampler: NodeJS.Timeout;

const CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const;

async function createTopic(topic: string, partitions: number) {
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  // A new leader answers NOT_LEADER for a moment (KAFKA.md): wait until a Fetch-based read works.
  await expect.poll(() => browser.page(topic, messageQuerySchema.parse({ partition: '0' })).then(() => true, () => false), { timeout: 20_000, interval: 200 }).toBe(true);
}

/** Records that compress well: the id is unique, the rest repeats. */
const record = (id: string, correlationId: string, note = '') => JSON.stringify({ id, correlationId, note, pad: 'compressible '.repeat(30) });

function kcat(topic: string, partition: number, codec: string, lines: string[]) {
  execFileSync('kcat', ['-b', testKafkaBrokers()[0]!, '-t', topic, '-p', String(partition), '-z', codec, '-P', '-X', 'linger.ms=50'], { input: lines.join('\n') + '\n' });
}

type Row = { partition: number; offset: string; event_id: string; correlation_id: string | null };
const stored = async (topic: string) =>
  (await db.sql.query<Row>(`SELECT partition, "offset"::text AS "offset", event_id, correlation_id FROM events WHERE topic = $1 ORDER BY partition, events."offset"`, [topic])).rows;

beforeAll(async () => {
  scratch = await createScratch('pglite', 'codecs');
  db = await createDatabase(scratch.config);
  kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'codecs-int' }, log);
  admin = kafka.client.admin();
  await admin.connect();
  browser = createMessageBrowser({ kafka });
  collector = createCollector({
    kafka,
    sql: db.sql,
    log,
    options: {
      include: [new RegExp(`^${ns}\\.`)],
      groupId: uniqueName('codecs-collector'),
      topicRefreshMs: 500,
      restartInitialMs: 1500,
      waitCheckInitialMs: 500,
      waitCheckMaxMs: 1000,
    },
  });
  await collector.start();
  sampler = setInterval(() => seen.push(collector.stats()), 25);
});

afterAll(async () => {
  clearInterval(sampler);
  Object.assign(codecImplementations, pristineCodecs);
  await collector?.stop();
  await browser?.close();
  await admin?.disconnect();
  await kafka?.close();
  await db?.close();
  await scratch?.drop();
});

describe('records from kcat in every codec', () => {
  it.each(CODECS)('%s: the collector stores every record with its ids, and the message browser reads them', async (codec) => {
    const topic = `${ns}.${codec}`;
    await createTopic(topic, 2);
    const before = compressionStats().decoded[codec] ?? 0;
    const ids = (p: number) => Array.from({ length: 40 }, (_, i) => `${codec}-p${p}-${i}`);
    for (const p of [0, 1]) kcat(topic, p, codec, ids(p).map((id) => record(id, `trace-${codec}-${p}`)));

    await expect.poll(async () => (await stored(topic)).length, { timeout: 30_000, interval: 200 }).toBe(80);
    const rows = await stored(topic);
    for (const p of [0, 1]) {
      const mine = rows.filter((r) => r.partition === p);
      expect(mine.map((r) => r.event_id)).toEqual(ids(p));
      expect(mine.map((r) => r.offset)).toEqual(ids(p).map((_, i) => String(i)));
      expect(new Set(mine.map((r) => r.correlation_id))).toEqual(new Set([`trace-${codec}-${p}`]));
    }

    const page = await browser.page(topic, messageQuerySchema.parse({ partition: '1', offset: '10', limit: '5' }));
    expect(page.records.map((r) => r.offset)).toEqual([10, 11, 12, 13, 14]);
    expect(page.records.map((r) => JSON.parse(r.value!.preview).id)).toEqual(ids(1).slice(10, 15));
    // The batches were compressed with this codec: its decoder ran (collector, then browser).
    expect(compressionStats().decoded[codec] ?? 0).toBeGreaterThanOrEqual(before + 3);
  });
});

describe('a batch that cannot be decoded', () => {
  it('holds up its own partition, visibly, while the others go on; once readable, nothing is lost or doubled', async () => {
    const topic = `${ns}.poison`;
    const other = `${ns}.bystander`;
    await createTopic(topic, 2);
    await createTopic(other, 1);
    // Good records first, stored before the poison arrives.
    kcat(topic, 0, 'snappy', Array.from({ length: 10 }, (_, i) => record(`ok-${i}`, 'poison-trace')));
    await expect.poll(async () => (await stored(topic)).length, { timeout: 30_000, interval: 200 }).toBe(10);

    // From now on a snappy batch holding "POISON" fails to decode, as a corrupt one would.
    codecImplementations[CompressionTypes.Snappy] = {
      compress: pristineCodecs[CompressionTypes.Snappy]!.compress,
      async decompress(buffer) {
        const out = await pristineCodecs[CompressionTypes.Snappy]!.decompress(buffer);
        if (out.includes('POISON')) throw new Error('poisoned for the test');
        return out;
      },
    };
    const undecodableBefore = collector.stats().undecodableBatches;
    kcat(topic, 0, 'snappy', Array.from({ length: 10 }, (_, i) => record(`bad-${i}`, 'poison-trace', 'POISON')));
    kcat(topic, 1, 'snappy', Array.from({ length: 10 }, (_, i) => record(`p1-${i}`, 'poison-p1')));

    await expect
      .poll(() => collector.stats().waitingPartitions.map((w) => `${w.topic}/${w.partition}@${w.offset}`), { timeout: 30_000, interval: 100 })
      .toEqual([`${topic}/0@10`]);
    const status = collector.stats();
    expect(status.undecodableBatches).toBe(undecodableBefore + 1);
    expect(status.waitingPartitions[0]!.reason).toMatch(/snappy record batch at offset 10 that cannot be decoded \(poisoned for the test\)/);

    // The others go on: partition 1 of the same topic, and a topic produced to afterwards.
    kcat(other, 0, 'lz4', Array.from({ length: 5 }, (_, i) => record(`by-${i}`, 'bystander')));
    await expect.poll(async () => (await stored(other)).length, { timeout: 30_000, interval: 200 }).toBe(5);
    await expect.poll(async () => (await stored(topic)).filter((r) => r.partition === 1).length, { timeout: 30_000, interval: 200 }).toBe(10);
    await expect.poll(() => collector.stats().state, { timeout: 30_000, interval: 100 }).toBe('running');
    expect(collector.stats().waitingPartitions).toHaveLength(1);
    expect((await stored(topic)).filter((r) => r.partition === 0)).toHaveLength(10);

    // The message browser says which partition and offset, as a typed error (422), not a 500.
    const err = await browser.page(topic, messageQuerySchema.parse({ partition: '0', offset: '10' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UndecodableBatchError);
    expect((err as UndecodableBatchError).httpStatus).toBe(422);
    expect((err as Error).message).toMatch(new RegExp(`Partition 0 of "${topic.replace(/\./g, '\\.')}" holds a snappy record batch at offset 10`));

    // Readable again (here: the decoder is restored; in life retention or a codec): the
    // partition goes on from where it waited.
    codecImplementations[CompressionTypes.Snappy] = pristineCodecs[CompressionTypes.Snappy]!;
    await expect.poll(async () => (await stored(topic)).filter((r) => r.partition === 0).length, { timeout: 30_000, interval: 200 }).toBe(20);
    const p0 = (await stored(topic)).filter((r) => r.partition === 0);
    expect(p0.map((r) => r.offset)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(p0.map((r) => r.event_id)).toEqual([...Array.from({ length: 10 }, (_, i) => `ok-${i}`), ...Array.from({ length: 10 }, (_, i) => `bad-${i}`)]);
    expect(collector.stats().waitingPartitions).toEqual([]);
  });
});

describe('a consumer crash', () => {
  it('restarts the consumer: the status goes restarting (with the reason) then running, and nothing is lost or doubled', async () => {
    const topic = `${ns}.crash`;
    await createTopic(topic, 3);
    let thrown = 0;
    // The next lz4 batch decoded anywhere throws once; the retry decodes.
    codecImplementations[CompressionTypes.LZ4] = {
      compress: pristineCodecs[CompressionTypes.LZ4]!.compress,
      async decompress(buffer) {
        if (thrown === 0) {
          thrown += 1;
          throw new Error('a decoder hiccup, once');
        }
        return pristineCodecs[CompressionTypes.LZ4]!.decompress(buffer);
      },
    };
    const from = seen.length;
    const storedBefore = collector.stats().eventsStored;
    for (const p of [0, 1, 2]) kcat(topic, p, 'lz4', Array.from({ length: 30 }, (_, i) => record(`crash-p${p}-${i}`, `crash-${p}`)));

    await expect.poll(async () => (await stored(topic)).length, { timeout: 40_000, interval: 200 }).toBe(90);
    await expect.poll(() => collector.stats().state, { timeout: 30_000, interval: 100 }).toBe('running');
    codecImplementations[CompressionTypes.LZ4] = pristineCodecs[CompressionTypes.LZ4]!;

    expect(thrown).toBe(1);
    const states = seen.slice(from).map((s) => s.state);
    const firstRestart = states.indexOf('restarting');
    expect(firstRestart).toBeGreaterThanOrEqual(0);
    expect(states.slice(firstRestart)).toContain('running');
    const restarting = seen.slice(from).find((s) => s.state === 'restarting')!;
    expect(restarting.running).toBe(false);
    expect(restarting.restart).toMatchObject({ attempt: expect.any(Number) });
    expect(restarting.restart!.reason).toMatch(/a decoder hiccup, once/);
    expect(Date.parse(restarting.restart!.nextTryAt)).toBeGreaterThan(0);
    // A hiccup is not a bad batch: nothing waits.
    expect(collector.stats().waitingPartitions).toEqual([]);

    const rows = await stored(topic);
    for (const p of [0, 1, 2]) {
      const mine = rows.filter((r) => r.partition === p);
      expect(mine.map((r) => r.event_id)).toEqual(Array.from({ length: 30 }, (_, i) => `crash-p${p}-${i}`));
    }
    expect(collector.stats().eventsStored - storedBefore).toBe(90);
  });
});
