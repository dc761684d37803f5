import { describe, expect, it } from 'vitest';
import { decodePayload } from './decode-payload';
import type { SchemaDecoder } from './schema-decoder';
import { readMessageIndexes, stringifyDecoded, wireSchemaId } from './wire-format';

const wire = (id: number, body: number[]) => {
  const b = Buffer.alloc(5 + body.length);
  b.writeUInt32BE(id, 1);
  Buffer.from(body).copy(b, 5);
  return b;
};

describe('wire format', () => {
  it('reads the schema id after magic byte 0 and rejects anything else', () => {
    expect(wireSchemaId(wire(258, [1]))).toBe(258);
    expect(wireSchemaId(wire(7, []))).toBe(7);
    expect(wireSchemaId(Buffer.from([0, 0, 0, 1]))).toBeNull(); // too short for an id
    expect(wireSchemaId(Buffer.from('{"a":1}'))).toBeNull();
    expect(wireSchemaId(null)).toBeNull();
  });

  it('reads Protobuf message-index paths: the [0] shorthand, several levels, and bad bytes', () => {
    expect(readMessageIndexes(wire(1, [0, 0x0a]))).toEqual({ indexes: [0], next: 6 });
    // count 1 (zigzag 2), index 1 (zigzag 2): the second top-level message
    expect(readMessageIndexes(wire(1, [2, 2, 0x0a]))).toEqual({ indexes: [1], next: 7 });
    // count 2, indexes [3, 0]: the first message nested in the fourth
    expect(readMessageIndexes(wire(1, [4, 6, 0]))).toEqual({ indexes: [3, 0], next: 8 });
    // index 64 (zigzag 128) needs two varint bytes
    expect(readMessageIndexes(wire(1, [2, 0x80, 0x01]))).toEqual({ indexes: [64], next: 8 });
    expect(readMessageIndexes(wire(1, [1]))).toBeNull(); // a negative count
    expect(readMessageIndexes(wire(1, [4, 2]))).toBeNull(); // two indexes announced, one there
    expect(readMessageIndexes(wire(1, []))).toBeNull();
  });

  it('writes decoded bytes as hex and longs as strings', () => {
    expect(JSON.parse(stringifyDecoded({ raw: Buffer.from([0xca, 0xfe]), big: 2n ** 64n }))).toEqual({ raw: 'cafe', big: '18446744073709551616' });
  });
});

describe('decodePayload', () => {
  const decoder = (result: Awaited<ReturnType<SchemaDecoder['decode']>>): SchemaDecoder => ({ decode: async () => result, decodeAll: async (bufs) => bufs.map(() => result) });

  it('leaves plain payloads to the usual decoding', async () => {
    expect((await decodePayload(Buffer.from('{"a":1}'), 100, decoder(null)))?.kind).toBe('json');
    expect(await decodePayload(null, 100, null)).toBeNull();
  });

  it('shows a decoded payload as JSON with its schema, cut at the preview limit', async () => {
    const schema = { id: 3, format: 'avro' as const, subject: 'orders-value', version: 2, name: 'shop.OrderPlaced' };
    const out = await decodePayload(wire(3, [1, 2]), 10, decoder({ ok: true, value: { orderId: 'o-123456789' }, schema }));
    expect(out).toMatchObject({ kind: 'json', size: 7, truncated: true, schema });
    expect(out?.preview).toHaveLength(10);
  });

  it('shows a failure as hex with the reason, and says when no registry is configured', async () => {
    const failed = await decodePayload(wire(9, [0xab]), 100, decoder({ ok: false, schemaId: 9, reason: 'gone' }));
    expect(failed).toEqual({ kind: 'binary', preview: '00 00 00 00 09 ab', size: 6, truncated: false, schemaError: { schemaId: 9, reason: 'gone' } });
    const none = await decodePayload(wire(9, [0xab]), 100, null);
    expect(none?.schemaError?.reason).toMatch(/SCHEMA_REGISTRY_URL/);
  });
});
