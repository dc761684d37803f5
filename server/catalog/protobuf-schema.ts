// A registered Protobuf schema, ready to decode any of its messages. The library we use for
// Avro (@kafkajs/confluent-schema-registry) always decodes a Protobuf payload as the
// schema's FIRST message and skips the message-index bytes by dropping leading zeros, so a
// record of the second message of a file comes out as garbage or fails. Here the record's
// own index path (wire-format.ts readMessageIndexes) picks the message.
import protobuf from 'protobufjs';

export interface ProtobufSchema {
  /** The message type at this index path, or null when the schema has no such message. */
  messageAt(indexes: readonly number[]): protobuf.Type | null;
}

/** What decoded Protobuf looks like as JSON: longs and enums as strings, bytes as base64. */
const TO_JSON: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, json: true, defaults: true };

/**
 * Builds the schema from its text and the texts of the schemas it references (any order).
 * Well-known imports (google/protobuf/timestamp.proto, …) come from protobufjs itself, as
 * registries leave them out of the references. Throws when a type does not resolve.
 */
export function buildProtobufSchema(main: string, references: readonly string[] = []): ProtobufSchema {
  const root = new protobuf.Root();
  const parsed = protobuf.parse(main, root);
  // Taken before the references are parsed into the same root: only the main file's
  // messages, in the order the file declares them, count for the index path.
  const scope = parsed.package ? root.lookup(parsed.package) : root;
  const topLevel = scope instanceof protobuf.Namespace ? messagesOf(scope) : [];
  const imports = new Set([...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]);
  for (const text of references) {
    const ref = protobuf.parse(text, root);
    for (const name of [...(ref.imports ?? []), ...(ref.weakImports ?? [])]) imports.add(name);
  }
  for (const name of imports) {
    const common = protobuf.common.get(name) as { nested?: Record<string, protobuf.AnyNestedObject> } | null;
    if (!common?.nested) continue;
    try {
      root.addJSON(common.nested);
    } catch {
      // Already defined by a reference: theirs stands.
    }
  }
  root.resolveAll();
  return {
    messageAt(indexes) {
      let type = topLevel[indexes[0] ?? 0];
      for (const i of indexes.slice(1)) type = type ? messagesOf(type)[i] : undefined;
      return type ?? null;
    },
  };
}

/** A namespace's message types, in declaration order (enums and services do not count). */
function messagesOf(ns: protobuf.Namespace): protobuf.Type[] {
  return ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
}

/** The message's full name without protobufjs's leading dot: `shop.PaymentTaken`. */
export function messageName(type: protobuf.Type): string {
  return type.fullName.replace(/^\./, '');
}

/** Decodes one message body; throws on bytes that are not that message. */
export function decodeMessage(type: protobuf.Type, body: Buffer): Record<string, unknown> {
  return type.toObject(type.decode(body), TO_JSON);
}
