// node-postgres builds each Bind message in a writer that starts at 256 bytes and grows
// by half again, copying as it goes, then allocates a fresh 256-byte buffer for the next
// message. For the collector's writes (one Bind of 10-20 MB of binary column arrays,
// binary-arrays.ts) that is ~20 reallocations and ~3 copies of every byte, and ~45 MB of
// short-lived ArrayBuffers per write. V8 counts new ArrayBuffers toward its young
// generation: they set off scavenges, and their external bytes full collections, which
// mark the whole heap each time (measured: about one per write).
//
// So a Bind whose parameters include a large Buffer is written here: its header and small
// parameters in one exact-size buffer, each large Buffer handed to the socket as it is
// (one writev, corked). The bytes on the wire are the protocol's Bind message, the same
// as node-postgres writes; every other message, and every Bind without a large Buffer,
// stays node-postgres's own.
import pg from 'pg';

/** Below this a Buffer parameter is copied into the message like the rest. */
const LARGE = 64 * 1024;

interface BindConfig {
  portal?: string;
  statement?: string;
  binary?: boolean;
  values?: unknown[];
  valueMapper?: (value: unknown, index: number) => unknown;
}

interface PgConnection {
  stream: { writable: boolean; cork(): void; uncork(): void };
  bind(config: BindConfig): void;
  _send(buffer: Buffer): boolean;
}

/**
 * The Bind message for `config` as a list of chunks: the large Buffers as given, the rest
 * written into one buffer per run between them. Null when no parameter is a large Buffer.
 */
export function bindChunks(config: BindConfig): Buffer[] | null {
  const raw = config.values ?? [];
  const values = config.valueMapper ? raw.map(config.valueMapper) : raw;
  if (!values.some((v) => Buffer.isBuffer(v) && v.length >= LARGE)) return null;
  const portal = config.portal ?? '';
  const statement = config.statement ?? '';
  const texts = values.map((v) => (v == null || Buffer.isBuffer(v) ? null : String(v)));
  // Length of everything after the message's code byte.
  let length = 4 + Buffer.byteLength(portal) + 1 + Buffer.byteLength(statement) + 1 + 2 + values.length * 2 + 2 + 2 + 2;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    length += 4 + (v == null ? 0 : Buffer.isBuffer(v) ? v.length : Buffer.byteLength(texts[i]!));
  }
  const chunks: Buffer[] = [];
  let small = Buffer.allocUnsafe(Math.min(length + 1, 64 * 1024));
  let at = 0;
  const room = (n: number) => {
    if (at + n <= small.length) return;
    chunks.push(small.subarray(0, at));
    small = Buffer.allocUnsafe(Math.max(n, 64 * 1024));
    at = 0;
  };
  const int16 = (n: number) => (room(2), (at = small.writeInt16BE(n, at)));
  const int32 = (n: number) => (room(4), (at = small.writeInt32BE(n, at)));
  const cString = (s: string) => {
    room(Buffer.byteLength(s) + 1);
    at += small.write(s, at);
    small[at++] = 0;
  };
  room(1);
  small[at++] = 0x42; // 'B'
  int32(length);
  cString(portal);
  cString(statement);
  int16(values.length);
  for (const v of values) int16(Buffer.isBuffer(v) ? 1 : 0); // per parameter: binary for a Buffer, else text
  int16(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) int32(-1);
    else if (Buffer.isBuffer(v)) {
      int32(v.length);
      if (v.length >= LARGE) {
        chunks.push(small.subarray(0, at));
        chunks.push(v);
        small = small.subarray(at);
        at = 0;
      } else {
        room(v.length);
        at += v.copy(small, at);
      }
    } else {
      const n = Buffer.byteLength(texts[i]!);
      int32(n);
      room(n);
      at += small.write(texts[i]!, at);
    }
  }
  int16(1); // one result format code, for all columns
  int16(config.binary ? 1 : 0);
  chunks.push(small.subarray(0, at));
  return chunks.filter((c) => c.length > 0);
}

let installed = false;

/** Writes large-Buffer Binds of every node-postgres connection in this process as above. Idempotent. */
export function installPgBindWriter(): void {
  if (installed) return;
  const proto = (pg as unknown as { Connection: { prototype: PgConnection } }).Connection.prototype;
  const original = proto.bind;
  proto.bind = function bind(this: PgConnection, config: BindConfig) {
    const chunks = bindChunks(config);
    if (chunks === null) return original.call(this, config);
    if (!this.stream.writable) return;
    this.stream.cork();
    for (const c of chunks) this._send(c);
    this.stream.uncork();
  };
  installed = true;
}
