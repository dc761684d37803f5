'use client';

import { useState } from 'react';
import { useAuditPage } from '@/components/api/use-audit';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { AuditTable } from './audit-table';

export function AuditPage() {
  // Cursors of the pages we walked through; the last is the page on screen (null = newest).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const before = cursors.at(-1) ?? null;
  const audit = useAuditPage(before);
  const pageNumber = cursors.length;

  if (audit.isPending) return <PageSkeleton rows={12} />;
  if (audit.isError && !audit.data) return <ErrorPanel error={audit.error} onRetry={() => void audit.refetch()} />;

  const { entries, nextBefore } = audit.data;

  return (
    <div>
      <div className="page-header">
        <h1 className="page-title">Audit log</h1>
        <span className="page-subtitle">Who did what, newest first</span>
        <div className="page-header-end">
          <span className="muted small" data-testid="audit-page-number">
            Page {pageNumber}
          </span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setCursors((c) => c.slice(0, -1))}
            disabled={pageNumber === 1 || audit.isFetching}
            data-testid="audit-newer"
          >
            ← Newer
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => nextBefore && setCursors((c) => [...c, nextBefore])}
            disabled={!nextBefore || audit.isFetching}
            data-testid="audit-older"
          >
            Older →
          </button>
        </div>
      </div>
      <AuditTable entries={entries} loading={audit.isPlaceholderData} />
    </div>
  );
}
