'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { versionLabel } from '@/lib/type-family';
import { useCatalogEntry, useDriftList } from '@/components/api/use-catalog';
import { formatCount } from '@/components/format/format';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { DriftTable } from './drift-table';
import { EntryOverview } from './entry-overview';
import { RegisteredSchema } from './registered-schema';
import { RegistryStatusBadge } from './registry-status';
import { ShapeTable } from './shape-table';
import { VersionCompare } from './version-compare';
import styles from './catalog.module.css';

/** One type and version: where it travels, its observed shape beside its registered schema, the versions side by side, its drift. */
export function EntryPage() {
  const search = useSearchParams();
  const key = { cluster: search.get('cluster') || 'default', type: search.get('type') ?? '', version: search.get('version') ?? '' };
  const detail = useCatalogEntry(key);
  const drift = useDriftList(new URLSearchParams({ cluster: key.cluster, type: key.type, version: key.version, limit: '50' }).toString());
  if (detail.isPending) return <PageSkeleton />;
  if (detail.isError) return <ErrorPanel error={detail.error} onRetry={() => void detail.refetch()} title="Could not load this event type" />;
  const d = detail.data;
  const e = d.entry;
  const driftHref = `/catalog/drift?${new URLSearchParams({ type: e.eventType, version: e.version }).toString()}`;

  return (
    <div data-testid="entry-page" data-type={e.eventType} data-version={e.version}>
      <div className="page-header">
        <h1 className="page-title mono">{e.family}</h1>
        <span className="badge badge-accent">{versionLabel(e.version)}</span>
        {e.eventType !== e.family && <span className="page-subtitle mono">{e.eventType}</span>}
        <span className="page-subtitle">
          {formatCount(e.eventCount)} events · {e.producers.length} producers · {e.consumers.length} consumer groups
        </span>
        <span className="page-header-end">
          <Link href="/catalog">Event catalog</Link>
          <RegistryStatusBadge status={d.registry} />
        </span>
      </div>
      <EntryOverview detail={d} />
      <div className={styles.columns} style={{ marginTop: 16 }}>
        <section className="panel">
          <div className="panel-header">
            <h2 className="panel-title">Observed shape</h2>
          </div>
          <div className={styles.panelBody}>
            <ShapeTable entry={e} comparison={d.registered?.comparison} />
          </div>
        </section>
        <section className="panel">
          <div className="panel-header">
            <h2 className="panel-title">Registered schema</h2>
          </div>
          <div className={styles.panelBody}>
            <RegisteredSchema detail={d} />
          </div>
        </section>
      </div>
      {d.siblings.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <VersionCompare detail={d} />
        </div>
      )}
      <h2 className={styles.sectionTitle}>
        Drift of {versionLabel(e.version)} <Link href={driftHref} className="small">all filters</Link>
      </h2>
      {drift.data ? <DriftTable drift={drift.data.drift} registry={drift.data.registry} showType={false} /> : drift.isError ? <ErrorPanel error={drift.error} /> : null}
    </div>
  );
}
