'use client';

import { coverageRatios, type TopicCoverage } from '@/lib/coverage-types';
import { coverageCells, shareTone } from './coverage-format';

/** One topic's id coverage in a table cell: correlation / causation / event id shares, the conventions on hover. */
export function CoverageCell({ coverage }: { coverage?: TopicCoverage | null }) {
  if (coverage === undefined) return <span className="faint">—</span>;
  if (coverage === null) return <span className="faint small">not collected</span>;
  const r = coverageRatios(coverage);
  const cells = coverageCells(coverage);
  const tone = shareTone(r.correlation);
  return (
    <span className="small" title={cells.summary} data-testid="topic-coverage">
      <span className={tone === 'ok' ? undefined : `badge ${tone === 'warn' ? 'badge-warn' : 'badge-danger'}`}>corr {cells.correlation}</span>
      <span className="muted">
        {' '}
        · cause {cells.causation} · id {cells.eventId}
        {coverage.duplicateEventIds > 0 && ` · dup ${cells.duplicates}`}
      </span>
      <span className="faint"> · {cells.conventions}</span>
    </span>
  );
}
