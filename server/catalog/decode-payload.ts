import type { DecodedBytes } from '../../lib/message-types';
import { cut, decodeBytes, hexPreview } from '../messages/decode-bytes';
import type { SchemaDecoder } from './schema-decoder';
import { stringifyDecoded, wireSchemaId } from './wire-format';

/**
 * Bytes as the browser shows them, registry-aware: a payload in the Confluent wire format
 * is decoded through the registry and shown as JSON with its schema; one that cannot be
 * (no registry, unknown id, unreachable registry, bad bytes) shows as hex with the reason.
 * Everything else goes through decodeBytes unchanged.
 */
export async function decodePayload(buf: Buffer | null, previewBytes: number, decoder: SchemaDecoder | null): Promise<DecodedBytes | null> {
  const schemaId = wireSchemaId(buf);
  if (buf === null || schemaId === null) return decodeBytes(buf, previewBytes);
  const result: Awaited<ReturnType<SchemaDecoder['decode']>> = decoder
    ? await decoder.decode(buf)
    : { ok: false, schemaId, reason: 'the bytes look registry-encoded, but no schema registry is configured: set SCHEMA_REGISTRY_URL' };
  if (result?.ok) {
    const text = stringifyDecoded(result.value) ?? 'null';
    return { kind: 'json', preview: cut(text, previewBytes), size: buf.length, truncated: text.length > previewBytes, schema: result.schema };
  }
  const shown = buf.subarray(0, previewBytes);
  return {
    kind: 'binary',
    preview: hexPreview(shown),
    size: buf.length,
    truncated: shown.length < buf.length,
    ...(result ? { schemaError: { schemaId: result.schemaId, reason: result.reason } } : {}),
  };
}
