'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTraceSearch } from '@/components/api/use-traces';
import { formatCount, formatDateTime } from '@/components/format/format';
import { ErrorPanel } from '@/components/ui/error-panel';
import { CollectorStrip } from './collector-strip';
import { CoverageTable } from './coverage-table';
import { formatDuration, shortType } from './trace-format';
import { useTracesLive } from '@/components/realtime/use-traces-live';
import styles from './traces.module.css';

const FIELDS = ['q', 'type', 'topic', 'service', 'from', 'to', 'errors'] as const;

/** The traces search: filters live in the URL, so a search can be shared and reloaded. */
export function TracesPage() {
  const router = useRouter();
  const search = useSearchParams();
  const cursor = search.get('cursor');
  const params = new URLSearchParams();
  for (const f of FIELDS) {
    const v = search.get(f);
    if (v) params.set(f, v);
  }
  const firstPage = params.toString();
  if (cursor) params.set('cursor', cursor);
  const query = useTraceSearch(params.toString());
  useTracesLive({ searchFirstPage: cursor ? null : firstPage });

  const [draft, setDraft] = useState(() => Object.fromEntries(FIELDS.map((f) => [f, search.get(f) ?? ''])) as Record<(typeof FIELDS)[number], string>);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const f of FIELDS) {
      let v = draft[f].trim();
      if ((f === 'from' || f === 'to') && v) v = new Date(v).toISOString();
      if (v) next.set(f, v);
    }
    router.push(`/traces${next.size ? `?${next}` : ''}`);
  };
  const set = (f: (typeof FIELDS)[number]) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [f]: e.target.value }));

  return (
    <>
      <header className="page-header">
        <div>
          <h1 className="page-title">Traces</h1>
          <p className="page-subtitle">Every event that carries one correlation id, stitched. Newest activity first; new traces appear as they arrive.</p>
        </div>
      </header>
      <CollectorStrip />
      <CoverageTable />
      <form className={`panel ${styles.form}`} onSubmit={submit} style={{ padding: 12 }} role="search">
        <label className={`field ${styles.wide}`}>
          <span className="field-label">Correlation id, event id or key</span>
          <input className="input mono" value={draft.q} onChange={set('q')} data-testid="trace-search-q" placeholder="e.g. 4bf92f3577b34da6a3ce929d0e0e4736" />
        </label>
        <label className="field">
          <span className="field-label">Event type</span>
          <input className="input" value={draft.type} onChange={set('type')} />
        </label>
        <label className="field">
          <span className="field-label">Topic</span>
          <input className="input" value={draft.topic} onChange={set('topic')} />
        </label>
        <label className="field">
          <span className="field-label">Service</span>
          <input className="input" value={draft.service} onChange={set('service')} />
        </label>
        <label className="field">
          <span className="field-label">Active after</span>
          <input className="input" type="datetime-local" value={draft.from ? draft.from.slice(0, 16) : ''} onChange={set('from')} />
        </label>
        <label className="field">
          <span className="field-label">Started before</span>
          <input className="input" type="datetime-local" value={draft.to ? draft.to.slice(0, 16) : ''} onChange={set('to')} />
        </label>
        <label className="field">
          <span className="field-label">Errors</span>
          <select className="select" value={draft.errors} onChange={set('errors')}>
            <option value="">any</option>
            <option value="true">has errors</option>
            <option value="false">no errors</option>
          </select>
        </label>
        <button type="submit" className="btn btn-primary" data-testid="trace-search-submit">
          Search
        </button>
      </form>
      {query.error ? (
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="panel table-wrap">
          <table className="table" data-testid="traces-table">
            <thead>
              <tr>
                <th>Correlation id</th>
                <th>Started</th>
                <th className="num">Duration</th>
                <th className="num">Events</th>
                <th>Types</th>
                <th>Services</th>
              </tr>
            </thead>
            <tbody>
              {query.data?.traces.length === 0 && (
                <tr>
                  <td colSpan={6} className="table-empty">
                    {firstPage ? 'No trace matches this search.' : 'No traces yet: the collector has stored no event with a correlation id.'}
                  </td>
                </tr>
              )}
              {query.data?.traces.map((t) => (
                <tr key={t.correlationId} className={t.hasErrors ? 'row-danger' : undefined} data-testid="trace-row">
                  <td>
                    <Link href={`/traces/${encodeURIComponent(t.correlationId)}`} className="mono">
                      {t.correlationId}
                    </Link>{' '}
                    {t.hasErrors && <span className="badge badge-danger">errors</span>} {t.touchedRetry && <span className="badge badge-warn">retried</span>}
                  </td>
                  <td>{formatDateTime(t.firstAt)}</td>
                  <td className="num">{formatDuration(t.durationMs)}</td>
                  <td className="num">{formatCount(t.eventCount)}</td>
                  <td>
                    <span className={styles.chips}>
                      {t.types.slice(0, 3).map((ty) => (
                        <span key={ty} className="badge">
                          {shortType(ty)}
                        </span>
                      ))}
                      {t.types.length > 3 && <span className="faint small">+{t.types.length - 3}</span>}
                    </span>
                  </td>
                  <td className="small muted">{t.services.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className={styles.pager}>
        {cursor && (
          <Link className="btn" href={`/traces${firstPage ? `?${firstPage}` : ''}`}>
            Newest
          </Link>
        )}
        {query.data?.nextCursor && (
          <Link className="btn" href={`/traces?${new URLSearchParams([...new URLSearchParams(firstPage), ['cursor', query.data.nextCursor]])}`} data-testid="traces-next">
            Older
          </Link>
        )}
      </div>
    </>
  );
}
