import type { CatalogEntryDetail } from '@/lib/catalog-types';
import { EventLinks } from './event-links';
import { RegistryStatusNote } from './registry-status';
import styles from './catalog.module.css';

const STRATEGY: Record<string, string> = { topic: 'TopicNameStrategy', record: 'RecordNameStrategy', 'topic-record': 'TopicRecordNameStrategy' };

function pretty(schema: string): string {
  try {
    return JSON.stringify(JSON.parse(schema), null, 2);
  } catch {
    return schema; // Protobuf text
  }
}

/** The registered schema of a type (when the registry has a subject for it) held against what the wire showed. */
export function RegisteredSchema({ detail }: { detail: CatalogEntryDetail }) {
  const reg = detail.registered;
  if (!reg) {
    return (
      <div data-testid="registered-schema" data-state="none">
        <RegistryStatusNote status={detail.registry} />
        {detail.registeredError && <p className="alert alert-warn">{detail.registeredError}</p>}
        {detail.registry.state === 'ready' && !detail.registeredError && (
          <p className="muted small">
            No subject in the registry for this type. Looked for: <span className="mono">{detail.subjectsTried.join(', ')}</span>
          </p>
        )}
      </div>
    );
  }
  const cmp = reg.comparison;
  return (
    <div data-testid="registered-schema" data-state="found" data-subject={reg.subject}>
      <p className="small">
        Subject <strong className="mono">{reg.subject}</strong> ({STRATEGY[reg.strategy]}, {reg.format}) · compatibility <strong>{reg.level ?? 'unknown'}</strong>
        {reg.level === 'NONE' && <span className="faint"> (the registry does not check it)</span>}
      </p>
      <p className="small" data-testid="schema-versions">
        Versions:{' '}
        {reg.versions.map((v) => (
          <span key={v.version} className={`badge ${v.version === reg.compared.version ? 'badge-accent' : ''} ${styles.type}`} title={`schema id ${v.id}`}>
            v{v.version}
          </span>
        ))}{' '}
        <span className="faint">v{reg.compared.version} held against the wire</span>
      </p>
      {reg.incompatible.map((i) => (
        <p key={i.version} className="alert alert-danger small" data-testid="schema-incompatible">
          v{i.version} is not {reg.level} compatible with v{i.previous}: {i.messages.join('; ') || 'no reason given'}
        </p>
      ))}
      <table className="table" data-testid="schema-comparison">
        <tbody>
          {cmp.onWireOnly.map((w) => (
            <tr key={`w${w.path}`} className={styles.wireOnly} data-testid="schema-diff" data-kind="not-in-schema" data-path={w.path}>
              <td className="mono">{w.path}</td>
              <td className="cell-wrap">on the wire ({w.types.join(' | ')}, {w.presence ?? '—'}%), not in the schema</td>
              <td>{w.firstEventId && <EventLinks event={detail.events[w.firstEventId] ?? null} eventId={w.firstEventId} />}</td>
            </tr>
          ))}
          {cmp.typeMismatches.map((m) => (
            <tr key={`t${m.path}`} className={styles.mismatch} data-testid="schema-diff" data-kind="schema-type-mismatch" data-path={m.path}>
              <td className="mono">{m.path}</td>
              <td className="cell-wrap">
                {m.wire.join(' | ')} on the wire, {m.schema.join(' | ')} in the schema
              </td>
              <td>{m.firstEventId && <EventLinks event={detail.events[m.firstEventId] ?? null} eventId={m.firstEventId} />}</td>
            </tr>
          ))}
          {cmp.inSchemaOnly.map((f) => (
            <tr key={`s${f.path}`} data-testid="schema-diff" data-kind={f.required ? 'missing-from-wire' : 'never-sent'} data-path={f.path}>
              <td className="mono">{f.path}</td>
              <td className={`cell-wrap ${f.required ? '' : 'muted'}`}>
                {f.required ? 'required' : 'optional'} {f.types.join(' | ')} in the schema, never on the wire
              </td>
              <td />
            </tr>
          ))}
          {cmp.onWireOnly.length + cmp.typeMismatches.length + cmp.inSchemaOnly.length === 0 && (
            <tr>
              <td className="muted">The wire matches the schema: {cmp.matched} fields on both.</td>
            </tr>
          )}
        </tbody>
      </table>
      <details>
        <summary className="small">Schema v{reg.compared.version} (id {reg.compared.id})</summary>
        <pre className={`mono ${styles.schemaText}`}>{pretty(reg.compared.schema)}</pre>
      </details>
      {reg.otherSubjects.length > 0 && <p className="faint small">Also matched: {reg.otherSubjects.join(', ')}</p>}
    </div>
  );
}
