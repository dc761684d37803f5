// Decode cost of one Fetch v11 answer holding 1,000 × 1 KB records (5 batches of 200, as a
// producer writes them), kafkajs 2.2.4's decoder against ours (server/kafka/
// fetch-response-decoder.ts), uncompressed and in the codecs we can write. No broker: the
// answer is built in memory, so this is the decoder alone, apart from network and Kafka.
import { codecImplementations } from '../../server/kafka/compression-codecs';
import { crc32c } from '../../server/kafka/crc32c';
import { decodeFetchResponse } from '../../server/kafka/fetch-response-decoder';
import { installFetchDecoder, kafkajsFetchDecoders } from '../../server/kafka/install-fetch-decoder';
import { encodeRecordBatch, type BatchRecord } from '../../server/kafka/produce-request';
import { percentile, type Row, type Scenario } from '../bench-kit';

const RECORDS = 1000;
const PER_BATCH = 200;
const ROUNDS = Number(process.env.BENCH_DECODE_ROUNDS ?? 300);
const CODECS: [string, number][] = [['none', 0], ['gzip', 1], ['snappy', 2], ['lz4', 3]];

/** The replay bench's record: 1 KB JSON keyed by order, two headers. */
function record(i: number): BatchRecord {
  const body = { id: `ev-${i}`, type: 'bench.Thing', seq: i, pad: '' };
  body.pad = 'x'.repeat(1024 - JSON.stringify(body).length);
  return {
    key: Buffer.from(`o-${i % 5000}`),
    value: Buffer.from(JSON.stringify(body)),
    headers: [
      { key: 'ce_type', value: Buffer.from('bench.Thing.v1') },
      { key: 'x-correlation-id', value: Buffer.from(`bench-${i % 5000}`) },
    ],
    timestamp: 1_700_000_000_000 + i,
  };
}

async function batch(first: number, codec: number): Promise<Buffer> {
  const plain = encodeRecordBatch({ producerId: 1n, producerEpoch: 0, baseSequence: first, records: Array.from({ length: PER_BATCH }, (_, i) => record(first + i)) });
  plain.writeBigInt64BE(BigInt(first), 0);
  if (!codec) return plain;
  const out = Buffer.concat([plain.subarray(0, 61), await codecImplementations[codec]!.compress({ buffer: plain.subarray(61) })]);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt16BE(codec, 21);
  out.writeUInt32BE(crc32c(out, 21), 17);
  return out;
}

async function fetchAnswer(codec: number): Promise<Buffer> {
  const batches: Buffer[] = [];
  for (let i = 0; i < RECORDS; i += PER_BATCH) batches.push(await batch(i, codec));
  const records = Buffer.concat(batches);
  const head = Buffer.alloc(4 + 2 + 4 + 4 + 2 + 5 + 4 + 4 + 2 + 8 * 3 + 4 + 4 + 4);
  let p = head.writeInt32BE(0, 0); // throttle
  p = head.writeInt16BE(0, p);
  p = head.writeInt32BE(0, p); // session
  p = head.writeInt32BE(1, p);
  p = head.writeInt16BE(5, p);
  p += head.write('bench', p);
  p = head.writeInt32BE(1, p);
  p = head.writeInt32BE(0, p); // partition
  p = head.writeInt16BE(0, p);
  for (let i = 0; i < 3; i++) p = head.writeBigInt64BE(BigInt(RECORDS), p);
  p = head.writeInt32BE(0, p); // aborted transactions
  p = head.writeInt32BE(-1, p); // preferred read replica
  head.writeInt32BE(records.length, p);
  return Buffer.concat([head, records]);
}

/** Median wall ms of one decode, kafkajs's and ours run in alternation so load hits both alike. */
async function timeBoth(answer: Buffer) {
  const kafkajs = kafkajsFetchDecoders.get(11)!;
  const times = { kafkajs: [] as number[], ours: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await kafkajs(answer);
    times.kafkajs.push(performance.now() - t);
    t = performance.now();
    await decodeFetchResponse(11, answer);
    times.ours.push(performance.now() - t);
  }
  return { kafkajs: percentile(times.kafkajs, 50), ours: percentile(times.ours, 50) };
}

export const fetchDecodeScenario: Scenario = {
  name: 'fetch-decode',
  description: `decode one Fetch v11 answer of ${RECORDS} × 1 KB records, kafkajs 2.2.4 vs ours (median of ${ROUNDS})`,
  needsKafka: false,
  async run(ctx) {
    installFetchDecoder();
    const rows: Row[] = [];
    for (const [name, codec] of CODECS) {
      const answer = await fetchAnswer(codec);
      await timeBoth(answer); // warm-up: both decoders optimised before timing
      const t = await timeBoth(answer);
      ctx.log(`${name}: ${answer.length} bytes`);
      rows.push({ codec: name, 'answer KB': Math.round(answer.length / 1024), 'kafkajs ms / 1,000 records': t.kafkajs, 'ours ms / 1,000 records': t.ours, 'speed-up': `${(t.kafkajs / t.ours).toFixed(1)}×` });
    }
    return rows;
  },
};
