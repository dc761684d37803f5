// The record batch codecs kafkajs lacks, registered once for the whole process (kafka-client
// imports this file, so every consumer, Fetch reader and producer sees them). kafkajs
// 2.2.4 decodes only gzip; a snappy, lz4 or zstd batch threw "… compression not implemented".
//
// Why these packages (each must install on Node 20 from the npm registry alone: no
// node-gyp, no binaries fetched from GitHub):
// * snappy: kafkajs-snappy (kafkajs's own, on snappyjs, pure JS). It reads both raw snappy
//   (librdkafka) and the xerial framing Java clients write.
// * lz4: lz4-napi (napi-rs over lz4_flex; its platform binaries are npm packages). Kafka's
//   lz4 is the LZ4 *frame* format, which lz4-napi reads and writes (compressFrame /
//   decompressFrame); it is maintained and native-fast. lz4js (pure JS) also worked but
//   was last published years ago. kafkajs-lz4 needs node-gyp, so it cannot install here.
// * zstd: fzstd (pure JS, by the fflate author) decodes every frame, including the frames
//   of unknown size that streaming writers (Java's zstd-jni) produce. The alternatives
//   fail here: @kafkajs/zstd and @mongodb-js/zstd need node-gyp or GitHub prebuilds, and
//   zstd-codec (emscripten) cannot decode unknown-size frames with its simple API and
//   aborts its whole wasm module on out-of-memory past ~8 MB. fzstd cannot compress, so
//   producing with zstd is refused with a clear error (gzip, snappy and lz4 all can).
//
// Every decoder failure becomes an UndecodableBatchError, and so do the codec ids Kafka
// has not defined (5–7), which kafkajs would otherwise read as uncompressed garbage. What
// callers do with it is theirs: see the collector (one partition waits) and the readers.
import { createRequire } from 'node:module';
import { unzipSync } from 'node:zlib';
import kafkajs from 'kafkajs';
import snappyCodec from 'kafkajs-snappy';
import { decompress as zstdDecompress } from 'fzstd';
import { UndecodableBatchError } from './kafka-errors';

type Lz4 = typeof import('lz4-napi');

interface KafkaCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

export const CODEC_NAMES: Record<number, string> = { 0: 'none', 1: 'gzip', 2: 'snappy', 3: 'lz4', 4: 'zstd' };

/** The batch header ahead of the compressed records (baseOffset … recordCount): 61 bytes. */
const BATCH_HEADER_BYTES = 61;

/**
 * The batch's base offset and codec, read from the header kafkajs decoded just before it
 * handed us the records. kafkajs passes a view into the Fetch answer, so the header is
 * the 61 bytes in front of it; the magic byte (2) and the codec bits are checked, and
 * when they do not match (a copied buffer) the offset is simply not known.
 */
function batchHeaderOf(records: Buffer, codecId: number): { baseOffset: string } | null {
  if (records.byteOffset < BATCH_HEADER_BYTES) return null;
  const header = Buffer.from(records.buffer, records.byteOffset - BATCH_HEADER_BYTES, BATCH_HEADER_BYTES);
  const magic = header.readInt8(16);
  const attributes = header.readInt16BE(21);
  if (magic !== 2 || (attributes & 0x07) !== codecId) return null;
  return { baseOffset: header.readBigInt64BE(0).toString() };
}

const counts = { decoded: {} as Record<string, number>, undecodable: {} as Record<string, number> };
/** Batches decompressed and refused per codec since the process started (tests use it to prove a batch was compressed). */
export const compressionStats = () => ({ decoded: { ...counts.decoded }, undecodable: { ...counts.undecodable } });

// kafkajs is CommonJS and these two are not plain shorthand exports, so Node's ESM loader
// cannot name them: read them off the module object.
const { CompressionCodecs, CompressionTypes } = kafkajs;
const builtIn = CompressionCodecs as Record<number, () => KafkaCodec>;

let lz4: Lz4 | null = null;
/** Loaded on first use, so a platform without the lz4 binary loses lz4 only, with a clear reason. */
function lz4Module(): Lz4 {
  lz4 ??= createRequire(import.meta.url)('lz4-napi') as Lz4;
  return lz4;
}

const unknownCodec = (id: number): KafkaCodec => ({
  compress: async () => {
    throw new Error(`Compression codec id ${id} does not exist.`);
  },
  decompress: async () => {
    throw new Error(`the batch names compression codec id ${id}, which Kafka does not define`);
  },
});

/**
 * The decoders behind the registered codecs, by codec id, looked up on every batch.
 * Exported for tests only: one swaps a decoder to poison a real batch, then restores it.
 */
export const codecImplementations: Record<number, KafkaCodec> = {
  // kafkajs's own gzip, wrapped only so that a corrupt gzip batch fails like the others.
  [CompressionTypes.GZIP]: builtIn[CompressionTypes.GZIP]!(),
  [CompressionTypes.Snappy]: (snappyCodec as () => KafkaCodec)(),
  [CompressionTypes.LZ4]: {
    compress: (encoder) => lz4Module().compressFrame(encoder.buffer),
    decompress: (buffer) => lz4Module().decompressFrame(buffer),
  },
  [CompressionTypes.ZSTD]: {
    async compress() {
      throw new Error('Eventline cannot write zstd batches (its zstd decoder only reads); produce with gzip, snappy or lz4.');
    },
    async decompress(buffer) {
      return Buffer.from(zstdDecompress(buffer));
    },
  },
  // Ids 5–7 are not codecs Kafka knows: a batch claiming one is corrupt, not uncompressed.
  5: unknownCodec(5),
  6: unknownCodec(6),
  7: unknownCodec(7),
};
export const pristineCodecs = { ...codecImplementations };

function refused(codecId: number, name: string, buffer: Buffer, err: unknown): UndecodableBatchError {
  counts.undecodable[name] = (counts.undecodable[name] ?? 0) + 1;
  return new UndecodableBatchError(name, (err as Error)?.message ?? String(err), batchHeaderOf(buffer, codecId)?.baseOffset ?? null);
}

function guarded(codecId: number): () => KafkaCodec {
  const name = CODEC_NAMES[codecId] ?? `codec ${codecId}`;
  const codec: KafkaCodec = {
    compress: (encoder) => codecImplementations[codecId]!.compress(encoder),
    async decompress(buffer) {
      try {
        const out = await codecImplementations[codecId]!.decompress(buffer);
        counts.decoded[name] = (counts.decoded[name] ?? 0) + 1;
        return out;
      } catch (err) {
        throw refused(codecId, name, buffer, err);
      }
    },
  };
  return () => codec;
}

// snappyjs is what kafkajs-snappy decodes with; reached through kafkajs-snappy's own
// resolution since it is not a direct dependency of ours.
const requireHere = createRequire(import.meta.url);
const snappyjs = createRequire(requireHere.resolve('kafkajs-snappy'))('snappyjs') as { uncompress(b: Buffer): Buffer };

const XERIAL_MAGIC = Buffer.from([130, 83, 78, 65, 80, 80, 89, 0]);

/** kafkajs-snappy's decompress without its promises: raw snappy, or xerial frames (16-byte header, then size-prefixed chunks). */
function snappyDecompressSync(buffer: Buffer): Buffer {
  if (!buffer.subarray(0, 8).equals(XERIAL_MAGIC)) return snappyjs.uncompress(buffer);
  const chunks: Buffer[] = [];
  let at = 16;
  while (at + 4 <= buffer.length) {
    const size = buffer.readUInt32BE(at);
    at += 4;
    chunks.push(snappyjs.uncompress(buffer.subarray(at, at + size)));
    at += size;
  }
  return Buffer.concat(chunks);
}

/**
 * The same decoders as codecImplementations, synchronous: the Fetch decoder
 * (fetch-response-decoder.ts) decompresses a batch without a promise and a thread-pool
 * hop per batch. Same output as the async ones (the unit test compares them).
 */
const syncDecoders: Record<number, (buffer: Buffer) => Buffer> = {
  [CompressionTypes.GZIP]: (buffer) => unzipSync(buffer), // kafkajs's gzip is zlib.unzip
  [CompressionTypes.Snappy]: snappyDecompressSync,
  [CompressionTypes.LZ4]: (buffer) => lz4Module().decompressFrameSync(buffer),
  [CompressionTypes.ZSTD]: (buffer) => Buffer.from(zstdDecompress(buffer)),
};

/**
 * Decompresses a batch's records synchronously, counted and refused exactly as the
 * registered (async) codec would. Null when there is no synchronous path: a codec id
 * without one (5–7, which fail through the async codec), codecs not registered, or a
 * decoder a test swapped in codecImplementations, which only the async codec calls.
 */
export function decompressBatchSync(codecId: number, buffer: Buffer): Buffer | null {
  const sync = syncDecoders[codecId];
  if (!registered || !sync || codecImplementations[codecId] !== pristineCodecs[codecId]) return null;
  const name = CODEC_NAMES[codecId]!;
  try {
    const out = sync(buffer);
    counts.decoded[name] = (counts.decoded[name] ?? 0) + 1;
    return out;
  } catch (err) {
    throw refused(codecId, name, buffer, err);
  }
}

let registered = false;
/** Idempotent; called at import time by kafka-client.ts. */
export function registerCompressionCodecs(): void {
  if (registered) return;
  registered = true;
  for (const id of Object.keys(codecImplementations)) builtIn[Number(id)] = guarded(Number(id));
}

registerCompressionCodecs();
