// What the registry tests (and the bench) write, built byte by byte as a Confluent serializer
// writes it, so the decoder is checked against the wire format, not against its own encoder.

export const ORDER_AVRO = {
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'shop',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'amountCents', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

/** Registers a schema under `subject` in the registry at `url` (Confluent API); its global id. */
export async function registerSchema(url: string, subject: string, schemaType: 'AVRO' | 'PROTOBUF' | 'JSON', schema: string): Promise<number> {
  const res = await fetch(`${url}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schemaType, schema }),
  });
  if (res.status !== 200) throw new Error(`registering ${subject} answered HTTP ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

/** Magic 0, the 4-byte id, (Protobuf: the message-index bytes), the body. */
export function wireBytes(id: number, body: Buffer | Uint8Array, indexBytes: number[] = []): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(id, 1);
  return Buffer.concat([head, Buffer.from(indexBytes), Buffer.from(body)]);
}
