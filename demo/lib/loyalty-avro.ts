// loyalty-service's contract in Avro, registered in the schema registry and written in the
// Confluent wire format (magic byte 0, the 4-byte schema id, the Avro body), as a team on
// Confluent's serializers would. The subject follows the TopicNameStrategy: `<topic>-value`.
//
// v2 adds the customer's tier with a default, a BACKWARD-compatible change: readers on v2
// read v1 records as STANDARD. The service registers v2 only when it switches to it, so
// the registry, the records and the console's catalog all show the moment of the change.
import type { LoyaltyPointsAwarded } from './events';

/** Where the demo's Avro service finds its registry (the Confluent API; Apicurio: …/apis/ccompat/v7). */
export interface DemoRegistrySettings {
  url: string;
  username?: string;
  password?: string;
}

const v1 = {
  type: 'record',
  name: 'LoyaltyPointsAwarded',
  namespace: 'shop.loyalty',
  doc: 'Points a customer earned when their order shipped.',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'shipmentId', type: 'string' },
    { name: 'points', type: 'int' },
    { name: 'awardedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

const v2 = {
  ...v1,
  fields: [...v1.fields, { name: 'tier', type: { type: 'enum', name: 'Tier', symbols: ['STANDARD', 'SILVER', 'GOLD'] }, default: 'STANDARD' }],
};

export const LOYALTY_SCHEMAS = { 1: v1, 2: v2 } as const;

interface AvroType {
  toBuffer(value: unknown): Buffer;
}

export interface LoyaltyAvroWriter {
  readonly subject: string;
  /** The version records are written with now (1 until upgrade() is done). */
  readonly version: 1 | 2;
  /** The registry's id of the schema in use. */
  readonly schemaId: number;
  /** Registers v2 and writes with it from now on. */
  upgrade(): Promise<void>;
  /** The record value: the wire-format bytes of the event in the current version. */
  encode(event: LoyaltyPointsAwarded): Buffer;
}

/** Registers v1 under `<topic>-value` and returns a writer for it. Throws when the registry refuses or is away. */
export async function createLoyaltyAvroWriter(settings: DemoRegistrySettings, topic: string): Promise<LoyaltyAvroWriter> {
  // Loaded only by a demo that has a registry: the rest of the shop never needs it.
  const { SchemaRegistry, SchemaType } = await import('@kafkajs/confluent-schema-registry');
  const auth = settings.username ? { username: settings.username, password: settings.password ?? '' } : undefined;
  const registry = new SchemaRegistry({ host: settings.url.replace(/\/+$/, ''), auth, clientId: 'demo-loyalty-service' });
  const subject = `${topic}-value`;
  const register = async (version: 1 | 2) => {
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(LOYALTY_SCHEMAS[version]) }, { subject });
    // Cached by the library since register(): no request per record.
    return { id, type: (await registry.getSchema(id)) as unknown as AvroType };
  };
  let current = { version: 1 as 1 | 2, ...(await register(1)) };
  return {
    subject,
    get version() {
      return current.version;
    },
    get schemaId() {
      return current.id;
    },
    async upgrade() {
      if (current.version === 2) return;
      current = { version: 2, ...(await register(2)) };
    },
    encode(event) {
      const { type: _type, version: _version, ...fields } = event;
      const body = current.type.toBuffer(current.version === 2 ? { tier: 'STANDARD', ...fields } : withoutTier(fields));
      const head = Buffer.alloc(5);
      head.writeUInt32BE(current.id, 1);
      return Buffer.concat([head, body]);
    },
  };
}

function withoutTier<T extends object>(fields: T): Omit<T, 'tier'> {
  const { tier: _tier, ...rest } = fields as T & { tier?: unknown };
  return rest;
}
