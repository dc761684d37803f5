'use client';

import { coverageRatios, type TopicCoverage } from '@/lib/coverage-types';
import { coverageCells, shareTone } from './coverage-format';

const SHOWN_CONVENTIONS = 2;

/** One topic's id coverage in a table cell: the shares on one line, the conventions below; all of it on hover. */
export function CoverageCell({ coverage }: { coverage?: TopicCoverage | null }) {
  if (coverage === undefined) return <span className="faint">—</span>;
  if (coverage === null) return <span className="faint small">not collected</span>;
  const r = coverageRatios(coverage);
  const cells = coverageCells(coverage);
  const tone = shareTone(r.correlation);
  const names = coverage.conventions.map((c) => c.name);
  return (
    <span className="small" title={cells.summary} data-testid="topic-coverage" style={{ display: 'grid', gap: 2, maxWidth: 150, whiteSpace: 'normal' }}>
      <span>
        <span className={tone === 'ok' ? undefined : `badge ${tone === 'warn' ? 'badge-warn' : 'badge-danger'}`}>corr {cells.correlation}</span>
        <span className="muted">
          {' '}
          · cause {cells.causation} · id {cells.eventId}
          {coverage.duplicateEventIds > 0 && ` · dup ${cells.duplicates}`}
        </span>
      </span>
      <span className="faint">
        {names.slice(0, SHOWN_CONVENTIONS).join(', ') || 'no convention'}
        {names.length > SHOWN_CONVENTIONS && ` +${names.length - SHOWN_CONVENTIONS}`}
      </span>
    </span>
  );
}
