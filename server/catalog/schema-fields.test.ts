import { describe, expect, it } from 'vitest';
import { registeredFields, SchemaFieldsError } from './schema-fields';

const byPath = (fields: ReturnType<typeof registeredFields>) => Object.fromEntries(fields.map((f) => [f.path, f]));

describe('the fields of a registered Avro schema', () => {
  const schema = {
    type: 'record',
    name: 'OrderPlaced',
    namespace: 'shop',
    fields: [
      { name: 'orderId', type: 'string' },
      { name: 'amountCents', type: 'long' },
      { name: 'note', type: ['null', 'string'], default: null },
      { name: 'placedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'customer', type: { type: 'record', name: 'Customer', fields: [{ name: 'id', type: 'string' }, { name: 'tier', type: { type: 'enum', name: 'Tier', symbols: ['GOLD', 'BASIC'] } }] } },
      { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }, { name: 'price', type: 'double' }] } } },
      { name: 'attributes', type: { type: 'map', values: 'string' } },
      { name: 'referrer', type: ['null', 'Customer'], default: null },
    ],
  };

  it('flattens records, arrays and named references into paths, parents first', () => {
    const fields = registeredFields('avro', JSON.stringify(schema));
    expect(fields.map((f) => f.path)).toEqual([
      'orderId', 'amountCents', 'note', 'placedAt', 'customer', 'customer.id', 'customer.tier', 'lines', 'lines[]', 'lines[].sku', 'lines[].price', 'attributes', 'referrer', 'referrer.id', 'referrer.tier',
    ]);
    const f = byPath(fields);
    expect(f.orderId).toEqual({ path: 'orderId', types: ['string'], required: true });
    expect(f.amountCents!.types).toEqual(['integer']);
    expect(f.note).toEqual({ path: 'note', types: ['null', 'string'], required: false });
    // A decoder with logical types hands a timestamp over as text.
    expect(f.placedAt!.types).toEqual(['integer', 'string']);
    expect(f['customer.tier']!.types).toEqual(['string']);
    expect(f['lines[].price']!.types).toEqual(['number']);
    expect(f.attributes).toEqual({ path: 'attributes', types: ['object'], required: true, open: true });
    expect(f.referrer!.types).toEqual(['null', 'object']);
  });

  it('names what it cannot read', () => {
    expect(() => registeredFields('avro', '{"type":"record","name":"A","fields":[{"name":"x","type":"Missing"}]}')).toThrow(/refers to Missing/);
    expect(() => registeredFields('avro', '{not json')).toThrow(SchemaFieldsError);
  });
});

describe('the fields of a registered JSON Schema', () => {
  it('reads properties, required, items, $ref, unions and open objects', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['orderId', 'lines'],
      properties: {
        orderId: { type: 'string' },
        total: { type: ['number', 'null'] },
        status: { enum: ['NEW', 'PAID'] },
        lines: { type: 'array', items: { $ref: '#/definitions/line' } },
        meta: { type: 'object', additionalProperties: { type: 'string' } },
        carrier: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      },
      definitions: { line: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, qty: { type: 'integer' } } } },
    };
    const f = byPath(registeredFields('json', JSON.stringify(schema)));
    expect(Object.keys(f).sort()).toEqual(['carrier', 'lines', 'lines[]', 'lines[].qty', 'lines[].sku', 'meta', 'orderId', 'status', 'total']);
    expect(f.orderId).toEqual({ path: 'orderId', types: ['string'], required: true });
    expect(f.total).toEqual({ path: 'total', types: ['number', 'null'], required: false });
    expect(f.status!.types).toEqual(['string']);
    expect(f['lines[]']!.types).toEqual(['object']);
    expect(f['lines[].sku']!.required).toBe(true);
    expect(f['lines[].qty']!.required).toBe(false);
    expect(f.meta!.open).toBe(true);
    expect(f.carrier!.types).toEqual(['string', 'integer']);
  });

  it('refuses a $ref outside the schema', () => {
    expect(() => registeredFields('json', JSON.stringify({ properties: { a: { $ref: 'https://example.com/x.json' } } }))).toThrow(/outside itself/);
  });
});

describe('the fields of a registered Protobuf schema', () => {
  it('reads the first message with protobufjs’s camelCase names, nested and repeated messages, maps and enums', () => {
    const proto = `syntax = "proto3";
package shop;
message PaymentTaken {
  string order_id = 1;
  int64 amount_cents = 2;
  repeated Line lines = 3;
  map<string, string> labels = 4;
  Method method = 5;
  Card card = 6;
}
message Line { string sku = 1; double price = 2; }
message Card { string last4 = 1; }
enum Method { CARD = 0; IBAN = 1; }
`;
    const fields = registeredFields('protobuf', proto);
    expect(fields.map((f) => f.path)).toEqual(['orderId', 'amountCents', 'lines', 'lines[]', 'lines[].sku', 'lines[].price', 'labels', 'method', 'card', 'card.last4']);
    const f = byPath(fields);
    expect(f.amountCents!.types).toEqual(['string', 'integer']);
    expect(f.method!.types).toEqual(['string']);
    expect(f.labels!.open).toBe(true);
    // proto3 has no required fields: defaults are left off the wire.
    expect(fields.every((x) => !x.required)).toBe(true);
  });
});
