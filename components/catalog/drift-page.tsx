'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { DRIFT_KINDS } from '@/lib/catalog-types';
import { useDriftList } from '@/components/api/use-catalog';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { DRIFT_SINCE, driftApiParams, KIND_LABEL, parseDriftFilters, serializeDriftFilters, type DriftFilters, type DriftSince } from './catalog-format';
import { DriftTable } from './drift-table';
import { RegistryStatusBadge } from './registry-status';
import styles from './catalog.module.css';

const SINCE_LABEL: Record<DriftSince, string> = { all: 'any time', '1h': 'last hour', '24h': 'last 24 h', '7d': 'last 7 days' };

/** Every drift, filtered by type, version, kind, time and field, kept in the URL; older pages on demand. */
export function DriftPage() {
  const search = useSearchParams();
  const [filters, setFilters] = useState<DriftFilters>(() => parseDriftFilters(new URLSearchParams(search.toString())));
  const [now] = useState(() => Date.now());
  const [before, setBefore] = useState<string[]>([]);
  const list = useDriftList(driftApiParams(filters, now, before.at(-1)));

  function change(next: Partial<DriftFilters>) {
    const f = { ...filters, ...next };
    setFilters(f);
    setBefore([]);
    window.history.replaceState(null, '', `${window.location.pathname}${serializeDriftFilters(f)}`);
  }

  const input = (key: 'type' | 'version' | 'path', label: string, placeholder: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input className="input" data-testid={`drift-filter-${key}`} value={filters[key]} placeholder={placeholder} onChange={(e) => change({ [key]: e.target.value })} />
    </label>
  );

  return (
    <div>
      <div className="page-header">
        <h1 className="page-title">Drift</h1>
        <span className="page-subtitle">fields that appeared or changed type, and what the registry shows against the wire</span>
        <span className="page-header-end">
          <Link href="/catalog">Event catalog</Link>
          {list.data && <RegistryStatusBadge status={list.data.registryStatus} />}
        </span>
      </div>
      <div className={styles.filters} data-testid="drift-filters">
        {input('type', 'Event type', 'name, or the name across versions')}
        {input('version', 'Version', 'any')}
        <label className="field">
          <span className="field-label">Kind</span>
          <select className="select" data-testid="drift-filter-kind" value={filters.kind} onChange={(e) => change({ kind: e.target.value as DriftFilters['kind'] })}>
            <option value="">any</option>
            {DRIFT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">First seen</span>
          <select className="select" data-testid="drift-filter-since" value={filters.since} onChange={(e) => change({ since: e.target.value as DriftSince })}>
            {(Object.keys(DRIFT_SINCE) as DriftSince[]).map((s) => (
              <option key={s} value={s}>
                {SINCE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        {input('path', 'Field', 'part of a field path')}
      </div>
      {list.isPending ? (
        <PageSkeleton />
      ) : list.isError ? (
        <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <DriftTable drift={list.data.drift} registry={list.data.registry} />
          <div className={styles.pager}>
            {before.length > 0 && (
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setBefore(before.slice(0, -1))}>
                Newer
              </button>
            )}
            {list.data.nextBefore && (
              <button type="button" className="btn btn-small" data-testid="drift-older" onClick={() => setBefore([...before, list.data.nextBefore!])}>
                Older
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
