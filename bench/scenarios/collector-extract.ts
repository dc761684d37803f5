// The collector's own per-event Node work, without Kafka or a database: extraction (id
// conventions, JSON, hash, previews), column encoding for the write, and the rollups'
// planning, on the events of collector-ingest as kafkajs hands them over (Buffers). In CPU
// time of this process, so a busy shared machine disturbs it less than a wall-clock rate:
// the figure to compare across commits before running the full collector-ingest.
import { createIdReader } from '../../server/collector/conventions/read-ids';
import { defaultConventions, defaultLimits } from '../../server/collector/defaults';
import { createEventStore } from '../../server/collector/event-store';
import { extractEvent, type RawRecord } from '../../server/collector/extract';
import { planRollups } from '../../server/collector/write-rollups';
import type { SqlExecutor } from '../../server/store';
import type { Row, Scenario } from '../bench-kit';
import { ingestEvent } from '../support/ingest-events';

const EVENTS = Number(process.env.BENCH_EXTRACT_EVENTS ?? 20_000);
/** Rounds over the same events; the first ones warm the JIT up and are not counted. */
const ROUNDS = Number(process.env.BENCH_EXTRACT_ROUNDS ?? 15);
const WARM_UP_ROUNDS = 3;
/** Records per partition batch, as a fetch hands them over. */
const BATCH = 500;
const PARTITIONS = 12;

/** CPU ms (user + system) of this process so far. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A record as the collector builds it from a kafkajs message: every value and header a Buffer. */
function record(i: number): RawRecord {
  const e = ingestEvent(i);
  const headers = Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k, Buffer.from(v)]));
  // Records of one producer batch share a millisecond, as they do on the wire.
  return { topic: 'bench-extract', partition: i % PARTITIONS, offset: String(i), timestamp: String(1_764_500_000_000 + Math.floor(i / 100)), key: Buffer.from(e.key), value: Buffer.from(e.value), headers };
}

export const collectorExtractScenario: Scenario = {
  name: 'collector-extract',
  description: `the collector's Node work per event, without Kafka or a database: ${EVENTS} × 1 KB JSON events × ${ROUNDS - WARM_UP_ROUNDS} rounds, CPU µs/event`,
  needsKafka: false,
  async run() {
    const records = Array.from({ length: EVENTS }, (_, i) => record(i));
    const ids = createIdReader(defaultConventions);
    // encode() never touches the database.
    const store = createEventStore({} as SqlExecutor, { cluster: 'default', groupId: 'bench' });
    const spent = { extract: 0, encode: 0, rollups: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (let b = 0; b < EVENTS; b += BATCH) {
        const batch = records.slice(b, b + BATCH);
        const t0 = cpuMs();
        const rows = batch.map((r) => extractEvent(r, ids, defaultLimits));
        const t1 = cpuMs();
        const encoded = store.encode(rows);
        const t2 = cpuMs();
        planRollups(encoded.rows, { sampleEvery: 16 }).finish({ storedBefore: new Set(), causeSources: new Map() });
        const t3 = cpuMs();
        if (round < WARM_UP_ROUNDS) continue;
        spent.extract += t1 - t0;
        spent.encode += t2 - t1;
        spent.rollups += t3 - t2;
      }
    }
    const n = EVENTS * (ROUNDS - WARM_UP_ROUNDS);
    const us = (ms: number) => Math.round((ms * 1000 * 100) / n) / 100;
    const row: Row = { 'extract µs/event': us(spent.extract), 'encode µs/event': us(spent.encode), 'rollups µs/event': us(spent.rollups), 'total µs/event': us(spent.extract + spent.encode + spent.rollups) };
    return [row];
  },
};
