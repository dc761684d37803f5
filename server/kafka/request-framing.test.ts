import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FRAME_ROOM, framedBody, installRequestFraming } from './request-framing';

// kafkajs's own framing (protocol/request.js) is what runs on the wire: it is called here as the connection calls it.
const require = createRequire(import.meta.url);
type Framed = { buffer: Buffer };
const createRequest = require('kafkajs/src/protocol/request.js') as (o: {
  correlationId: number;
  clientId: string;
  request: { apiKey: number; apiVersion: number; encode: () => Promise<unknown> };
}) => Promise<Framed>;
const Encoder = require('kafkajs/src/protocol/encoder.js') as new () => { writeInt32(n: number): unknown; writeEncoder(e: unknown): unknown; buffer: Buffer };

const body = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + 5) & 0xff));
const frame = (payload: unknown, clientId = 'eventline') => createRequest({ correlationId: 77, clientId, request: { apiKey: 0, apiVersion: 3, encode: async () => payload } });

/** A FramedBody holding `b`. */
function framedOf(b: Buffer) {
  const whole = Buffer.alloc(FRAME_ROOM + b.length, 0xee);
  b.copy(whole, FRAME_ROOM);
  return { whole, framed: framedBody(whole) };
}

describe('request framing', () => {
  installRequestFraming();

  it('frames a FramedBody in place: the same bytes kafkajs writes for a copied body, in the body’s own memory', async () => {
    const b = body(70_000);
    const copied = await frame({ buf: b, buffer: b });
    const { whole, framed } = framedOf(b);
    const inPlace = await frame(framed);
    expect(inPlace.buffer.equals(copied.buffer)).toBe(true);
    // Size, api key, version, correlation id and client id written into the room: the request ends where `whole` ends.
    expect(inPlace.buffer.buffer).toBe(whole.buffer);
    expect(inPlace.buffer.byteOffset + inPlace.buffer.length).toBe(whole.byteOffset + whole.length);
    expect(inPlace.buffer.readInt32BE(0)).toBe(inPlace.buffer.length - 4);
  });

  it('copies, as kafkajs does, when the header does not fit the room', async () => {
    const b = body(100);
    const longId = 'c'.repeat(FRAME_ROOM);
    const { whole, framed } = framedOf(b);
    const out = await frame(framed, longId);
    expect(out.buffer.equals((await frame({ buf: b, buffer: b }, longId)).buffer)).toBe(true);
    expect(out.buffer.buffer).not.toBe(whole.buffer);
  });

  it('copies an Encoder written to after it took a body over, and leaves plain Encoders as they were', () => {
    const b = body(10);
    const { framed } = framedOf(b);
    const inner = new Encoder();
    inner.writeInt32(1);
    inner.writeEncoder(framed);
    inner.writeInt32(2); // past the body: its buffer is no longer the FramedBody's
    const outer = new Encoder();
    outer.writeInt32(9);
    outer.writeEncoder(inner);
    expect([...outer.buffer]).toEqual([0, 0, 0, 9, 0, 0, 0, 1, ...b, 0, 0, 0, 2]);
  });
});
