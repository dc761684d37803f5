import { describe, expect, it } from 'vitest';
import { decodePayload } from './decode-payload';
import type { SchemaDecoder } from './schema-decoder';
import { stringifyDecoded, wireSchemaId } from './wire-format';

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

  it('writes decoded bytes as hex and longs as strings', () => {
    expect(JSON.parse(stringifyDecoded({ raw: Buffer.from([0xca, 0xfe]), big: 2n ** 64n }))).toEqual({ raw: 'cafe', big: '18446744073709551616' });
  });
});

describe('decodePayload', () => {
  const decoder = (result: Awaited<ReturnType<SchemaDecoder['decode']>>): SchemaDecoder => ({ decode: async () => result });

  it('leaves plain payloads to the usual decoding', async () => {
    expect((await decodePayload(Buffer.from('{"a":1}'), 100, decoder(null)))?.kind).toBe('json');
    expect(await decodePayload(null, 100, null)).toBeNull();
  });

  it('shows a decoded payload as JSON with its schema, cut at the preview limit', async () => {
    const schema = { id: 3, format: 'avro' as const, subject: 'orders-value', version: 2 };
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
