import type { PartitionLag } from '@/lib/lag-types';
import { formatCount } from '@/components/format/format';
import { partitionKey, partitionsInScope, type OffsetResetForm } from './offset-reset-form';
import styles from './lag.module.css';

const TARGETS: { value: OffsetResetForm['to']; label: string }[] = [
  { value: 'earliest', label: 'Earliest (re-read everything kept)' },
  { value: 'latest', label: 'Latest (skip to the end)' },
  { value: 'timestamp', label: 'A date and time' },
  { value: 'offset', label: 'A specific offset (one partition)' },
];

/** Scope and target of an offset reset; every change goes up through onChange. */
export function OffsetResetFields({
  form,
  topics,
  partitions,
  onChange,
}: {
  form: OffsetResetForm;
  topics: string[];
  partitions: PartitionLag[];
  onChange: (next: OffsetResetForm) => void;
}) {
  const set = (patch: Partial<OffsetResetForm>) => onChange({ ...form, ...patch });
  const inScope = partitionsInScope(partitions, form.topic);
  const picked = partitions.find((p) => partitionKey(p) === form.partitionKey);
  return (
    <div className={styles.resetFields}>
      <label className="field">
        <span className="field-label">Scope</span>
        <select className="select" value={form.topic} onChange={(e) => set({ topic: e.target.value, partitionKey: '' })} data-testid="reset-scope">
          <option value="">All topics of the group ({topics.length})</option>
          {topics.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Move the offsets to</span>
        <select className="select" value={form.to} onChange={(e) => set({ to: e.target.value as OffsetResetForm['to'] })} data-testid="reset-target">
          {TARGETS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      {form.to === 'timestamp' && (
        <label className="field">
          <span className="field-label">Date and time (your time zone)</span>
          <input className="input" type="datetime-local" step={1} value={form.datetime} onChange={(e) => set({ datetime: e.target.value })} data-testid="reset-datetime" />
          <span className="field-hint">Each partition moves to its first message written at or after this time (or to its end).</span>
        </label>
      )}
      {form.to === 'offset' && (
        <div className={styles.resetPair}>
          <label className="field">
            <span className="field-label">Partition</span>
            <select className="select" value={form.partitionKey} onChange={(e) => set({ partitionKey: e.target.value })} data-testid="reset-partition">
              <option value="">Pick one…</option>
              {inScope.map((p) => (
                <option key={partitionKey(p)} value={partitionKey(p)}>
                  {p.topic} [{p.partition}]
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Offset</span>
            <input className="input num" style={{ textAlign: 'left' }} type="number" min={0} value={form.offset} onChange={(e) => set({ offset: e.target.value })} data-testid="reset-offset" />
            {picked && (
              <span className="field-hint">
                Valid: {formatCount(picked.logStart ?? 0)} to {formatCount(picked.logEnd)}
              </span>
            )}
          </label>
        </div>
      )}
    </div>
  );
}
