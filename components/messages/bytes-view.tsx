import type { DecodedBytes } from '@/lib/message-types';
import { formatCount } from '@/components/format/format';
import styles from './messages.module.css';

/** A one-line preview for the table: JSON and text flattened, binary as hex. */
export function bytesSnippet(b: DecodedBytes | null, max = 160): string {
  if (b === null) return 'null';
  const flat = b.kind === 'json' ? compactJson(b.preview) : b.preview.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function compactJson(pretty: string): string {
  try {
    return JSON.stringify(JSON.parse(pretty));
  } catch {
    return pretty.replace(/\s+/g, ' '); // a cut preview no longer parses
  }
}

const FORMAT_LABEL = { avro: 'Avro', protobuf: 'Protobuf', json: 'JSON Schema' } as const;

/** What kind of bytes these are, for a small badge; registry-decoded ones name their schema. */
export function KindBadge({ bytes }: { bytes: DecodedBytes | null }) {
  if (bytes === null) return <span className="badge">null</span>;
  if (bytes.schema) {
    const { format, subject, version, id } = bytes.schema;
    return (
      <span className="badge" data-testid="schema-badge" title={`schema id ${id}`}>
        {FORMAT_LABEL[format]} · {subject ?? `schema ${id}`}
        {version !== null && ` v${version}`}
      </span>
    );
  }
  const label = bytes.kind === 'binary' ? 'binary' : bytes.kind === 'json' ? 'JSON' : 'text';
  return (
    <span className={`badge ${bytes.kind === 'binary' ? 'badge-warn' : ''}`} title={bytes.schemaError?.reason}>
      {bytes.schemaError ? `schema ${bytes.schemaError.schemaId}: not decoded` : label}
    </span>
  );
}

/** Bytes in full (up to the preview limit), with their kind, size and whether they were cut. */
export function BytesView({ bytes, testId }: { bytes: DecodedBytes | null; testId?: string }) {
  if (bytes === null) return <p className="faint small">null</p>;
  return (
    <>
      <p className={`small muted ${styles.bytesMeta}`}>
        <KindBadge bytes={bytes} /> {formatCount(bytes.size)} bytes
        {bytes.kind === 'binary' && ' · shown as hex'}
        {bytes.schemaError && (
          <span className="small" data-testid="schema-error">
            {' '}
            · {bytes.schemaError.reason}
          </span>
        )}
        {bytes.truncated && (
          <span className="badge badge-warn" data-testid="truncated">
            cut: first {bytes.kind === 'binary' ? `${formatCount(Math.round((bytes.preview.length + 1) / 3))} bytes` : `${formatCount(bytes.preview.length)} characters`} shown
          </span>
        )}
      </p>
      <pre className={styles.payload} data-testid={testId}>
        {bytes.preview}
      </pre>
    </>
  );
}
