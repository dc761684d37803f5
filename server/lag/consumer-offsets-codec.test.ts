import { describe, expect, it } from 'vitest';
import { decodeConsumerOffsetsRecord } from './consumer-offsets-codec';

// Writers for the layouts in Kafka's OffsetCommitKey.json / OffsetCommitValue.json.
const i16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const i64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};
const str = (s: string) => Buffer.concat([i16(Buffer.byteLength(s)), Buffer.from(s)]);
const uvarint = (n: number) => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
};
const compact = (s: string) => Buffer.concat([uvarint(Buffer.byteLength(s) + 1), Buffer.from(s)]);

const key = (version = 1, group = 'orders', topic = 'payments', partition = 3) => Buffer.concat([i16(version), str(group), str(topic), i32(partition)]);
const TS = 1_764_400_000_123;

const values: Record<number, Buffer> = {
  0: Buffer.concat([i16(0), i64(42), str('m'), i64(TS)]),
  1: Buffer.concat([i16(1), i64(42), str('m'), i64(TS), i64(TS + 86_400_000)]),
  2: Buffer.concat([i16(2), i64(42), str('m'), i64(TS)]),
  3: Buffer.concat([i16(3), i64(42), i32(7), str('m'), i64(TS)]),
  // Two tagged fields the decoder does not know: skipped by their sizes.
  4: Buffer.concat([i16(4), i64(42), i32(7), compact('m'), i64(TS), uvarint(2), uvarint(0), uvarint(3), Buffer.from('abc'), uvarint(200), uvarint(1), Buffer.from('z')]),
};

describe('decodeConsumerOffsetsRecord', () => {
  it.each([0, 1, 2, 3, 4])('reads offset commit value version %i', (version) => {
    const r = decodeConsumerOffsetsRecord(key(), values[version]!);
    expect(r).toMatchObject({ kind: 'commit', valueVersion: version, group: 'orders', topic: 'payments', partition: 3, offset: 42, commitTimestamp: TS, metadata: 'm' });
    if (r.kind !== 'commit') throw new Error('not a commit');
    expect(r.leaderEpoch).toBe(version >= 3 ? 7 : undefined);
  });

  it('reads key version 0 the same as 1, with multi-byte UTF-8 names', () => {
    expect(decodeConsumerOffsetsRecord(key(0, 'grüppe', 'tópico', 0), values[2]!)).toMatchObject({ kind: 'commit', group: 'grüppe', topic: 'tópico', partition: 0 });
  });

  it('leaves leaderEpoch out when the client sent none (-1)', () => {
    const v = Buffer.concat([i16(3), i64(42), i32(-1), str(''), i64(TS)]);
    const r = decodeConsumerOffsetsRecord(key(), v);
    expect(r.kind).toBe('commit');
    expect('leaderEpoch' in r).toBe(false);
  });

  it('reads a null value as a deleted offset', () => {
    expect(decodeConsumerOffsetsRecord(key(), null)).toEqual({ kind: 'deleted', group: 'orders', topic: 'payments', partition: 3 });
  });

  it('ignores group metadata and newer coordinator records by their key version', () => {
    expect(decodeConsumerOffsetsRecord(Buffer.concat([i16(2), str('orders')]), Buffer.from([0, 3, 1, 2]))).toEqual({ kind: 'other', keyVersion: 2 });
    expect(decodeConsumerOffsetsRecord(Buffer.concat([i16(2), str('orders')]), null)).toEqual({ kind: 'other', keyVersion: 2 });
    expect(decodeConsumerOffsetsRecord(i16(11), null)).toEqual({ kind: 'other', keyVersion: 11 });
  });

  it('says which value version it does not know, without reading on', () => {
    const r = decodeConsumerOffsetsRecord(key(), Buffer.concat([i16(5), Buffer.from('anything')]));
    expect(r).toMatchObject({ kind: 'unsupported', keyVersion: 1, valueVersion: 5 });
    expect(decodeConsumerOffsetsRecord(key(), i16(-3))).toMatchObject({ kind: 'unsupported', valueVersion: -3 });
  });

  it('never throws on garbage: every truncation of every version is malformed', () => {
    for (const v of Object.values(values)) {
      for (let len = 0; len < v.length; len++) {
        // Version 4's trailing tagged fields make every prefix short of the end incomplete too.
        const r = decodeConsumerOffsetsRecord(key(), v.subarray(0, len));
        expect(r.kind, `value ${v.toString('hex')} cut at ${len}`).toBe('malformed');
      }
    }
    const k = key();
    for (let len = 0; len < k.length; len++) {
      const r = decodeConsumerOffsetsRecord(k.subarray(0, len), values[3]!);
      expect(r.kind, `key cut at ${len}`).toBe('malformed');
    }
  });

  it('reports null strings, a missing key, runaway varints and huge lengths as malformed', () => {
    expect(decodeConsumerOffsetsRecord(null, values[3]!)).toMatchObject({ kind: 'malformed', reason: /without a key/ });
    expect(decodeConsumerOffsetsRecord(Buffer.concat([i16(1), i16(-1)]), null)).toMatchObject({ kind: 'malformed', reason: /null string/ });
    const nullCompact = Buffer.concat([i16(4), i64(1), i32(0), uvarint(0), i64(TS), uvarint(0)]);
    expect(decodeConsumerOffsetsRecord(key(), nullCompact)).toMatchObject({ kind: 'malformed', reason: /null compact string/ });
    const runaway = Buffer.concat([i16(4), i64(1), i32(0), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]);
    expect(decodeConsumerOffsetsRecord(key(), runaway)).toMatchObject({ kind: 'malformed', reason: /varint/ });
    const huge = Buffer.concat([i16(1), i16(30_000), Buffer.from('x')]);
    expect(decodeConsumerOffsetsRecord(huge, null)).toMatchObject({ kind: 'malformed', reason: /needs 30000 bytes/ });
    const bigOffset = Buffer.concat([i16(2), Buffer.from([0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), str(''), i64(TS)]);
    expect(decodeConsumerOffsetsRecord(key(), bigOffset)).toMatchObject({ kind: 'malformed', reason: /out of range/ });
  });

  it('survives random bytes', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
      const k = rand() < 0.5 ? bytes(Math.floor(rand() * 30)) : Buffer.concat([i16(1), bytes(Math.floor(rand() * 30))]);
      const v = rand() < 0.5 ? bytes(Math.floor(rand() * 40)) : Buffer.concat([i16(Math.floor(rand() * 5)), bytes(Math.floor(rand() * 40))]);
      expect(() => decodeConsumerOffsetsRecord(k, v)).not.toThrow();
    }
  });
});
