// Lets a request body of our own encoding (rawRequest in kafkajs-internals.ts) go on the
// wire without kafkajs copying it. kafkajs 2.2.4's protocol/request.js frames every request
// as new Encoder().…header….writeEncoder(body), then new Encoder().writeInt32(size)
// .writeEncoder(that): two fresh zero-filled buffers of the next power of two, and two copies
// of the body. For a replay's Produce requests (megabytes each) that was about 5 % of the
// CPU and much of the garbage. A body made by `framedBody` keeps room in front of it; when
// kafkajs's Encoder is asked to append such a body, it writes the few bytes it holds into
// that room instead, and takes the body's buffer as its own, so both framings are in place.
import { createRequire } from 'node:module';
import { KafkajsInternalsChangedError } from './kafka-errors';

/** Room kept in front of a body: size (4), api key and version (4), correlation id (4), client id (2 + its bytes). */
export const FRAME_ROOM = 256;

const FRAMING = Symbol('eventline:framing');

/** Where a body's free room ends inside `whole`: bytes written in front of it go just before `room`. */
interface Framing {
  whole: Buffer;
  room: number;
}

/** What kafkajs's Encoder is to us: its buffer and how much of it is written. */
interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
  [FRAMING]?: Framing;
}

/** A body for rawRequest: a stand-in for a kafkajs Encoder that kafkajs frames in place. */
export interface FramedBody {
  buf: Buffer;
  /** The body alone, as kafkajs's Encoder#buffer gives it: what a copying writeEncoder (or a test) reads. */
  buffer: Buffer;
  [FRAMING]: Framing;
}

/** A zero-copy body: `whole` with its first FRAME_ROOM bytes free, the body after them. */
export function framedBody(whole: Buffer): FramedBody {
  const body = whole.subarray(FRAME_ROOM);
  return { buf: body, buffer: body, [FRAMING]: { whole, room: FRAME_ROOM } };
}

/**
 * The value's framing room, if it still holds: its buffer is exactly the rest of `whole`
 * after the room, all of it written (an Encoder written to after taking a body over has a
 * new buffer, and is copied as usual).
 */
function roomOf(value: Partial<KafkajsEncoder>): Framing | null {
  const framing = value[FRAMING];
  const buf = value.buf;
  if (!framing || !buf || buf.buffer !== framing.whole.buffer) return null;
  if (buf.byteOffset !== framing.whole.byteOffset + framing.room || buf.length !== framing.whole.length - framing.room) return null;
  return value.offset === undefined || value.offset === buf.length ? framing : null;
}

const requireKafkajs = createRequire(import.meta.url);
let installed = false;

/**
 * Patches kafkajs's Encoder#writeEncoder once: a value carrying framing room (a FramedBody,
 * or an Encoder that took one over) is adopted instead of copied, when what this Encoder
 * wrote so far fits in the room; anything else is copied as kafkajs does.
 */
export function installRequestFraming(): void {
  if (installed) return;
  const Encoder = requireKafkajs('kafkajs/src/protocol/encoder.js') as { prototype: Record<string, unknown> };
  const original = Encoder.prototype.writeEncoder as ((this: KafkajsEncoder, v: unknown) => KafkajsEncoder) | undefined;
  if (typeof original !== 'function' || typeof Encoder.prototype.size !== 'function') {
    throw new KafkajsInternalsChangedError('protocol/encoder.js no longer has writeEncoder and size');
  }
  Encoder.prototype.writeEncoder = function writeEncoder(this: KafkajsEncoder, value: Partial<KafkajsEncoder> | null) {
    const framing = value ? roomOf(value) : null;
    if (!framing || this.offset > framing.room) return original.call(this, value);
    const start = framing.room - this.offset;
    this.buf.copy(framing.whole, start, 0, this.offset);
    this.buf = framing.whole.subarray(start);
    this.offset = this.buf.length;
    // An outer Encoder appending this one (kafkajs's size prefix) adopts it the same way.
    this[FRAMING] = { whole: framing.whole, room: start };
    return this;
  };
  installed = true;
}
