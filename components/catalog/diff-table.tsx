import { PRESENCE_SHIFT, type VersionDiffRow } from '@/lib/version-diff';
import styles from './catalog.module.css';

const CHANGE: Record<VersionDiffRow['change'], { word: string; className: string }> = {
  added: { word: 'added', className: styles.changeAdded! },
  removed: { word: 'removed', className: styles.changeRemoved! },
  'type-changed': { word: 'type changed', className: styles.changeType! },
  same: { word: '', className: '' },
};

const pct = (p: number | null) => (p === null ? '' : `${p}%`);

/** Every field of two versions: types and presence in each, and what changed; unchanged rows can be hidden. */
export function DiffTable({ rows, from, to, changedOnly }: { rows: VersionDiffRow[]; from: string; to: string; changedOnly: boolean }) {
  const shown = changedOnly
    ? rows.filter((r) => r.change !== 'same' || (r.presenceBefore !== null && r.presenceAfter !== null && Math.abs(r.presenceAfter - r.presenceBefore) >= PRESENCE_SHIFT))
    : rows;
  return (
    <table className="table" data-testid="version-diff">
      <thead>
        <tr>
          <th>Field</th>
          <th>Change</th>
          <th>{from} types</th>
          <th className="num">{from} present</th>
          <th>{to} types</th>
          <th className="num">{to} present</th>
        </tr>
      </thead>
      <tbody>
        {shown.length === 0 && (
          <tr>
            <td colSpan={6} className="table-empty">
              No field changed.
            </td>
          </tr>
        )}
        {shown.map((r) => (
          <tr key={r.path} data-testid="diff-row" data-path={r.path} data-change={r.change}>
            <td className="mono" style={{ paddingLeft: 8 + r.depth * 16 }} title={r.path}>
              {r.path.split('.').at(-1)}
            </td>
            <td className={CHANGE[r.change].className}>{CHANGE[r.change].word}</td>
            <td className="mono small">{r.before.join(' | ') || '—'}</td>
            <td className="num">{pct(r.presenceBefore)}</td>
            <td className="mono small">{r.after.join(' | ') || '—'}</td>
            <td className="num">{pct(r.presenceAfter)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
