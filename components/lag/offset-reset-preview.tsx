import type { OffsetResetPlan } from '@/lib/offset-reset-types';
import { formatCount } from '@/components/format/format';
import styles from './lag.module.css';

/** Per partition: committed offset and lag now → after the reset. */
export function OffsetResetPreview({ plan }: { plan: OffsetResetPlan }) {
  return (
    <div className={styles.previewWrap}>
      <table className="table" data-testid="reset-preview">
        <thead>
          <tr>
            <th>Topic</th>
            <th className="num">Partition</th>
            <th className="num">Committed → new</th>
            <th className="num">Lag → new</th>
          </tr>
        </thead>
        <tbody>
          {plan.partitions.map((p) => (
            <tr key={`${p.topic}-${p.partition}`} data-testid="reset-preview-row">
              <td className="mono">{p.topic}</td>
              <td className="num">{p.partition}</td>
              <td className="num">
                {p.from === null ? 'none' : formatCount(p.from)} → <strong data-testid="reset-preview-to">{formatCount(p.to)}</strong>
              </td>
              <td className="num">
                {formatCount(p.lagBefore)} → <strong data-testid="reset-preview-lag-after">{formatCount(p.lagAfter)}</strong>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>Total lag</td>
            <td className="num" data-testid="reset-preview-total">
              {formatCount(plan.totalLagBefore)} → <strong>{formatCount(plan.totalLagAfter)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
