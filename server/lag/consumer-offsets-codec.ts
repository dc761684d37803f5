/**
 * Decodes records of Kafka's `__consumer_offsets` topic (the group coordinator's log).
 *
 * Key: int16 version, then for versions 0 and 1 an offset commit key
 *   (group string, topic string, partition int32; strings are int16-length UTF-8).
 *   Version 2 is group metadata; later versions are the new coordinator's records. Both ignored.
 * Value of an offset commit (OffsetCommitValue.json, valid versions 0-4, flexible from 4):
 *   v0: offset int64, metadata string, commitTimestamp int64
 *   v1: offset, metadata, commitTimestamp, expireTimestamp int64
 *   v2: offset, metadata, commitTimestamp
 *   v3: offset, leaderEpoch int32, metadata, commitTimestamp
 *   v4: as v3 with a compact metadata string (uvarint length + 1) and trailing tagged fields
 * A null value is a tombstone: the group's offset for that partition was deleted.
 *
 * The input comes from a broker we do not control, so nothing here throws: garbage is
 * a `malformed` result, a version we do not know is `unsupported`.
 */

export interface OffsetCommitKey {
  group: string;
  topic: string;
  partition: number;
}

export interface OffsetCommit extends OffsetCommitKey {
  offset: number;
  /** When the coordinator accepted the commit, ms since epoch (broker clock). */
  commitTimestamp: number;
  /** From value version 3 on; absent when the client sent none (-1). */
  leaderEpoch?: number;
  metadata: string;
}

export type ConsumerOffsetsRecord =
  | ({ kind: 'commit'; valueVersion: number } & OffsetCommit)
  | ({ kind: 'deleted' } & OffsetCommitKey)
  /** Group metadata and other coordinator records: not offsets. */
  | { kind: 'other'; keyVersion: number }
  | { kind: 'unsupported'; keyVersion: number; valueVersion: number; reason: string }
  | { kind: 'malformed'; reason: string };

const MAX_VALUE_VERSION = 4;

export function decodeConsumerOffsetsRecord(key: Buffer | null, value: Buffer | null): ConsumerOffsetsRecord {
  if (!key) return { kind: 'malformed', reason: 'record without a key' };
  try {
    const k = new Cursor(key);
    const keyVersion = k.int16();
    if (keyVersion !== 0 && keyVersion !== 1) return { kind: 'other', keyVersion };
    const id: OffsetCommitKey = { group: k.string(), topic: k.string(), partition: k.int32() };
    if (!value) return { kind: 'deleted', ...id };
    const v = new Cursor(value);
    const valueVersion = v.int16();
    if (valueVersion < 0 || valueVersion > MAX_VALUE_VERSION) {
      return { kind: 'unsupported', keyVersion, valueVersion, reason: `offset commit value version ${valueVersion} (known: 0 to ${MAX_VALUE_VERSION})` };
    }
    return { kind: 'commit', valueVersion, ...id, ...decodeValue(v, valueVersion) };
  } catch (err) {
    return { kind: 'malformed', reason: err instanceof MalformedRecord ? err.message : String(err) };
  }
}

function decodeValue(v: Cursor, version: number): Omit<OffsetCommit, keyof OffsetCommitKey> {
  const flexible = version >= 4;
  const offset = v.int64();
  const epoch = version >= 3 ? v.int32() : -1;
  const metadata = flexible ? v.compactString() : v.string();
  const commitTimestamp = v.int64();
  if (version === 1) v.int64(); // expireTimestamp: when the broker would drop the offset; not needed.
  if (flexible) v.skipTaggedFields();
  return { offset, commitTimestamp, metadata, ...(epoch >= 0 ? { leaderEpoch: epoch } : {}) };
}

class MalformedRecord extends Error {}

/** Bounds-checked big-endian reader; every short read is a MalformedRecord. */
class Cursor {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  private take(n: number, what: string): number {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new MalformedRecord(`${what} needs ${n} bytes at byte ${this.pos}, the buffer has ${this.buf.length}`);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  int16() {
    return this.buf.readInt16BE(this.take(2, 'int16'));
  }

  int32() {
    return this.buf.readInt32BE(this.take(4, 'int32'));
  }

  int64() {
    const n = this.buf.readBigInt64BE(this.take(8, 'int64'));
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) throw new MalformedRecord(`int64 ${n} is out of range`);
    return Number(n);
  }

  string() {
    const len = this.int16();
    if (len < 0) throw new MalformedRecord(`null string (length ${len}) where a string is required`);
    return this.utf8(len);
  }

  compactString() {
    const len = this.uvarint() - 1;
    if (len < 0) throw new MalformedRecord('null compact string where a string is required');
    return this.utf8(len);
  }

  skipTaggedFields() {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint(); // tag
      this.take(this.uvarint(), 'tagged field');
    }
  }

  private utf8(len: number) {
    const at = this.take(len, 'string');
    return this.buf.toString('utf8', at, at + len);
  }

  /** Unsigned LEB128, at most 5 bytes (an int32), as Kafka writes them. */
  private uvarint() {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.buf[this.take(1, 'varint')]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0x7fffffff) throw new MalformedRecord(`varint ${result} is out of range`);
        return result;
      }
    }
    throw new MalformedRecord('varint longer than 5 bytes');
  }
}
