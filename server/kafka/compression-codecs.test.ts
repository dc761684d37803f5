import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { codecImplementations, compressionStats, decompressBatchSync, pristineCodecs } from './compression-codecs';
import { UndecodableBatchError } from './kafka-errors';

const { CompressionCodecs, CompressionTypes } = kafkajs;
type Codec = { compress(e: { buffer: Buffer }): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> };
const codec = (id: number) => (CompressionCodecs as Record<number, () => Codec>)[id]!();

const text = Buffer.from('eventline zstd fixture '.repeat(20));
// Made with the zstd 1.5 command line: from a file (content size in the header) and from
// a pipe (no content size, as streaming writers such as Java's zstd-jni leave it).
const ZSTD_SIZED = 'KLUv/WTMAPUAALhldmVudGxpbmUgenN0ZCBmaXh0dXJlIAEAZVWdTbrlQBg=';
const ZSTD_UNSIZED = 'KLUv/QRY9QAAuGV2ZW50bGluZSB6c3RkIGZpeHR1cmUgAQBlVZ1NuuVAGA==';

describe('compression codecs registered in kafkajs', () => {
  it.each([
    ['gzip', CompressionTypes.GZIP],
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
  ])('%s compresses and decompresses', async (name, id) => {
    const before = compressionStats().decoded[name] ?? 0;
    const packed = await codec(id).compress({ buffer: text });
    expect(packed.length).toBeLessThan(text.length);
    expect((await codec(id).decompress(packed)).equals(text)).toBe(true);
    expect(compressionStats().decoded[name]).toBe(before + 1);
  });

  it('lz4 writes the LZ4 frame format Kafka uses (magic 0x184D2204)', async () => {
    const packed = await codec(CompressionTypes.LZ4).compress({ buffer: text });
    expect(packed.readUInt32LE(0)).toBe(0x184d2204);
  });

  it('zstd reads frames with and without a content size, and refuses to write', async () => {
    for (const frame of [ZSTD_SIZED, ZSTD_UNSIZED]) {
      expect((await codec(CompressionTypes.ZSTD).decompress(Buffer.from(frame, 'base64'))).equals(text)).toBe(true);
    }
    await expect(codec(CompressionTypes.ZSTD).compress({ buffer: text })).rejects.toThrow(/gzip, snappy or lz4/);
  });

  it.each([
    ['gzip', CompressionTypes.GZIP],
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
    ['zstd', CompressionTypes.ZSTD],
  ])('a corrupt %s batch fails with UndecodableBatchError naming the codec', async (name, id) => {
    const err = await codec(id)
      .decompress(Buffer.from('certainly not compressed data, just words'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UndecodableBatchError);
    expect((err as UndecodableBatchError).codec).toBe(name);
    expect((err as UndecodableBatchError).code).toBe('UNDECODABLE_BATCH');
  });

  it('a codec id Kafka does not define is undecodable, not read as uncompressed', async () => {
    const err = await codec(5).decompress(Buffer.from('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UndecodableBatchError);
    expect((err as Error).message).toMatch(/codec id 5/);
  });

  it('reads the batch base offset from the header in front of the records when the buffer is a view', async () => {
    const header = Buffer.alloc(61);
    header.writeBigInt64BE(4242n, 0);
    header.writeInt8(2, 16); // magic
    header.writeInt16BE(CompressionTypes.Snappy, 21); // attributes: codec bits
    const answer = Buffer.concat([header, Buffer.from('garbage, not snappy at all')]);
    const err = (await codec(CompressionTypes.Snappy)
      .decompress(answer.subarray(61))
      .catch((e: unknown) => e)) as UndecodableBatchError;
    expect(err.baseOffset).toBe('4242');
    expect(err.at('orders', 3).message).toMatch(/Partition 3 of "orders" holds a snappy record batch at offset 4242/);
  });
});

describe('decompressBatchSync (the Fetch decoder’s path)', () => {
  const zstdSized = Buffer.from(ZSTD_SIZED, 'base64');
  /** kafkajs-snappy's raw snappy, wrapped in xerial frames (as Java clients write), in two chunks. */
  async function xerial(): Promise<Buffer> {
    const halves = [text.subarray(0, 200), text.subarray(200)];
    const chunks = await Promise.all(halves.map((h) => codec(CompressionTypes.Snappy).compress({ buffer: h })));
    const head = Buffer.from([130, 83, 78, 65, 80, 80, 89, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    return Buffer.concat([head, ...chunks.flatMap((c) => [Buffer.from([0, 0, (c.length >> 8) & 0xff, c.length & 0xff]), c])]);
  }

  it('gives what the registered async codec gives, counted the same, in every codec', async () => {
    const cases: [string, number, Buffer][] = [
      ['gzip', CompressionTypes.GZIP, await codec(CompressionTypes.GZIP).compress({ buffer: text })],
      ['snappy', CompressionTypes.Snappy, await codec(CompressionTypes.Snappy).compress({ buffer: text })],
      ['snappy', CompressionTypes.Snappy, await xerial()],
      ['lz4', CompressionTypes.LZ4, await codec(CompressionTypes.LZ4).compress({ buffer: text })],
      ['zstd', CompressionTypes.ZSTD, zstdSized],
    ];
    for (const [name, id, packed] of cases) {
      const before = compressionStats().decoded[name] ?? 0;
      const sync = decompressBatchSync(id, packed)!;
      expect(sync.equals(await codec(id).decompress(packed))).toBe(true);
      expect(sync.toString()).toBe(text.toString());
      expect(compressionStats().decoded[name]).toBe(before + 2);
    }
  });

  it('refuses a corrupt batch with UndecodableBatchError, and leaves swapped decoders and undefined codecs to the async path', () => {
    const before = compressionStats().undecodable.gzip ?? 0;
    expect(() => decompressBatchSync(CompressionTypes.GZIP, Buffer.from('not gzip at all'))).toThrow(UndecodableBatchError);
    expect(compressionStats().undecodable.gzip).toBe(before + 1);
    expect(decompressBatchSync(5, Buffer.from('x'))).toBeNull();
    codecImplementations[CompressionTypes.LZ4] = { ...pristineCodecs[CompressionTypes.LZ4]! };
    try {
      expect(decompressBatchSync(CompressionTypes.LZ4, Buffer.from('x'))).toBeNull();
    } finally {
      codecImplementations[CompressionTypes.LZ4] = pristineCodecs[CompressionTypes.LZ4]!;
    }
  });
});
