'use client';

import { useState, type FormEvent } from 'react';
import { MAX_FILTER_LENGTH, type PartitionRange } from '@/lib/message-types';
import { formatCount } from '@/components/format/format';
import { LIMITS, type BrowseState } from './browse-state';
import styles from './messages.module.css';

type Mode = 'newest' | 'offset' | 'timestamp';

/** datetime-local wants "YYYY-MM-DDTHH:mm" in local time. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function rangeText(p: PartitionRange): string {
  if (p.logEnd === p.logStart) return `empty (next offset ${formatCount(p.logEnd)})`;
  return `offsets ${formatCount(p.logStart)}–${formatCount(p.logEnd - 1)}`;
}

/** Where to read: a partition (or all), and from the newest, an offset or a time. */
export function MessageToolbar({ state, partitions, onGo }: { state: BrowseState; partitions: PartitionRange[]; onGo: (s: BrowseState) => void }) {
  const s = state.start;
  const [partition, setPartition] = useState(state.partition === null ? 'all' : String(state.partition));
  const [mode, setMode] = useState<Mode>(s.kind === 'timestamp' ? 'timestamp' : s.kind === 'offset' ? 'offset' : 'newest');
  const [offset, setOffset] = useState(s.kind === 'offset' ? String(s.offset) : '');
  const [time, setTime] = useState(s.kind === 'timestamp' ? toLocalInput(s.iso) : '');
  const [limit, setLimit] = useState(state.limit);
  const [filter, setFilter] = useState(state.filter ?? '');
  const all = partition === 'all';
  // Offsets belong to one partition: with all partitions only newest and time make sense.
  const effectiveMode: Mode = all && mode === 'offset' ? 'newest' : mode;
  const known = partitions.some((p) => String(p.partition) === partition);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = all ? null : Number(partition);
    const kept = filter.trim() ? { filter: filter.trim() } : {};
    if (effectiveMode === 'offset' && offset.trim() !== '') return onGo({ partition: p, limit, ...kept, start: { kind: 'offset', offset: Number(offset) } });
    if (effectiveMode === 'timestamp' && time) return onGo({ partition: p, limit, ...kept, start: { kind: 'timestamp', iso: new Date(time).toISOString() } });
    onGo({ partition: p, limit, ...kept, start: { kind: 'newest' } });
  };

  return (
    <form className={`panel ${styles.toolbar}`} onSubmit={submit} role="search" aria-label="Where to read">
      <label className="field">
        <span className="field-label">Partition</span>
        <select className="select" value={partition} onChange={(e) => setPartition(e.target.value)} data-testid="partition-select">
          <option value="all">All partitions (newest by time)</option>
          {!known && !all && <option value={partition}>Partition {partition}</option>}
          {partitions.map((p) => (
            <option key={p.partition} value={String(p.partition)}>
              Partition {p.partition} · {rangeText(p)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Start at</span>
        <select className="select" value={effectiveMode} onChange={(e) => setMode(e.target.value as Mode)} data-testid="start-select">
          <option value="newest">Newest records</option>
          <option value="offset" disabled={all}>
            An offset{all ? ' (pick a partition)' : ''}
          </option>
          <option value="timestamp">A time</option>
        </select>
      </label>
      {effectiveMode === 'offset' && (
        <label className="field">
          <span className="field-label">Offset</span>
          <input className="input mono" inputMode="numeric" pattern="[0-9]*" required value={offset} onChange={(e) => setOffset(e.target.value)} data-testid="offset-input" />
        </label>
      )}
      {effectiveMode === 'timestamp' && (
        <label className="field">
          <span className="field-label">From (your time zone)</span>
          <input className="input" type="datetime-local" step={1} required value={time} onChange={(e) => setTime(e.target.value)} data-testid="time-input" />
        </label>
      )}
      <label className="field">
        <span className="field-label">Records</span>
        <select className="select" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
          {LIMITS.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label className={`field ${styles.filterField}`}>
        <span className="field-label">Filter (CEL, as in replay)</span>
        <input
          className="input mono"
          placeholder={'value.status == "DECLINED" && headers["x-tenant"] == "eu"'}
          maxLength={MAX_FILTER_LENGTH}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="filter-input"
        />
      </label>
      <button type="submit" className="btn btn-primary" data-testid="messages-go">
        Show
      </button>
    </form>
  );
}
