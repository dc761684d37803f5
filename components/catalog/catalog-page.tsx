'use client';

import Link from 'next/link';
import { useCatalog } from '@/components/api/use-catalog';
import { formatCount } from '@/components/format/format';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { useNow } from '@/components/ui/use-now';
import { ErrorPanel } from '@/components/ui/error-panel';
import { CatalogTable } from './catalog-table';
import { RegistryStatusBadge } from './registry-status';

/** Every event type and version seen, with who sends it where, who reads it, its schema and its drift. */
export function CatalogPage() {
  const catalog = useCatalog();
  const now = useNow(5_000);
  if (catalog.isPending) return <PageSkeleton />;
  if (catalog.isError) return <ErrorPanel error={catalog.error} onRetry={() => void catalog.refetch()} />;
  const { entries, driftSummary, registry } = catalog.data;
  const families = new Set(entries.map((e) => `${e.cluster}|${e.family}`)).size;
  const clusters = new Set(entries.map((e) => e.cluster)).size;
  const recent = driftSummary.lastDay;

  return (
    <div>
      <div className="page-header">
        <h1 className="page-title">Event catalog</h1>
        <span className="page-subtitle" data-testid="catalog-count">
          {families} event types · {entries.length} versions
        </span>
        <Link href="/catalog/drift" className={`badge ${recent > 0 || driftSummary.registry > 0 ? 'badge-warn' : ''}`} data-testid="catalog-drift-link">
          {formatCount(recent)} drift in 24 h
          {driftSummary.registry > 0 && ` · ${formatCount(driftSummary.registry)} off the schema`}
        </Link>
        <span className="page-header-end">
          <RegistryStatusBadge status={registry} />
        </span>
      </div>
      {registry.state !== 'ready' && (
        <p className="muted small" data-testid="registry-note">
          {registry.reason}
        </p>
      )}
      <CatalogTable entries={entries} showCluster={clusters > 1} now={now} />
    </div>
  );
}
