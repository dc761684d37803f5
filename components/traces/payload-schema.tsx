import type { PayloadSchema, StoredSchema } from '@/lib/trace-types';

const FORMAT_LABEL = { avro: 'Avro', protobuf: 'Protobuf', json: 'JSON Schema' } as const;

/**
 * The registry schema a payload was decoded with — format, subject and version, the type it
 * names, the schema id — or, when it could not be, the id and the reason.
 */
export function SchemaLine({ schema, what, testId }: { schema: StoredSchema; what: 'value' | 'key'; testId?: string }) {
  if ('error' in schema) {
    return (
      <p className="small" data-testid={testId}>
        <span className="badge badge-warn">
          {what}: schema {schema.id} not decoded
        </span>{' '}
        <span className="muted">{schema.error} (shown as the bytes it was)</span>
      </p>
    );
  }
  return (
    <p className="small" data-testid={testId}>
      <span className="badge" title={`schema id ${schema.id}`}>
        {FORMAT_LABEL[schema.format]} · {schema.subject ?? `schema ${schema.id}`}
        {schema.version !== null && ` · v${schema.version}`}
      </span>{' '}
      <span className="muted">
        {what}
        {schema.name && (
          <>
            {' '}
            <span className="mono">{schema.name}</span>
          </>
        )}
        , decoded through the schema registry (id {schema.id})
      </span>
    </p>
  );
}

/** Both lines of a record whose value or key was registry-encoded; nothing otherwise. */
export function PayloadSchemaLines({ schema }: { schema: PayloadSchema | null | undefined }) {
  if (!schema) return null;
  return (
    <>
      {schema.value && <SchemaLine schema={schema.value} what="value" testId="payload-schema" />}
      {schema.key && <SchemaLine schema={schema.key} what="key" testId="key-schema" />}
    </>
  );
}
