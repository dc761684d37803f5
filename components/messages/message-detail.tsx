'use client';

import { useEscapeKey } from '@/components/ui/use-escape-key';
import type { MessageRecord } from '@/lib/message-types';
import { formatCount, formatDateTime } from '@/components/format/format';
import { BytesView } from './bytes-view';
import styles from './messages.module.css';

const TIMESTAMP_TYPES = { create: 'create time (set by the producer)', 'log-append': 'log append time (set by the broker)' };

/** One record in full: where it is, when, its key, headers and value. Escape closes. */
export function MessageDetail({ record: r, topic, onClose }: { record: MessageRecord; topic: string; onClose: () => void }) {
  useEscapeKey(onClose);

  return (
    <aside className={styles.drawer} aria-label={`Record ${r.partition}/${r.offset}`} data-testid="message-detail">
      <div className={styles.drawerHeader}>
        <h2 className="panel-title">
          Partition {r.partition} · offset {r.offset}
        </h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className={styles.kv}>
        <dt>Topic</dt>
        <dd>{topic}</dd>
        <dt>Partition / offset</dt>
        <dd data-testid="detail-position">
          {r.partition} / {r.offset}
        </dd>
        <dt>Timestamp</dt>
        <dd>
          {formatDateTime(r.timestamp)} <span className="faint">({new Date(r.timestamp).toISOString()}, {r.timestamp} ms)</span>
        </dd>
        <dt>Timestamp type</dt>
        <dd>{r.timestampType ? TIMESTAMP_TYPES[r.timestampType] : 'unknown'}</dd>
        <dt>Size</dt>
        <dd>{formatCount(r.size)} bytes (key, value and headers)</dd>
      </dl>
      <h3 className={styles.sectionTitle}>Key</h3>
      <BytesView bytes={r.key} testId="detail-key" />
      <h3 className={styles.sectionTitle}>Headers ({r.headers.length})</h3>
      {r.headers.length === 0 ? (
        <p className="faint small">No headers.</p>
      ) : (
        <dl className={styles.kv} data-testid="detail-headers">
          {r.headers.map((h, i) => (
            <div key={`${h.key}-${i}`} style={{ display: 'contents' }}>
              <dt>{h.key}</dt>
              <dd>
                {h.value === null ? <span className="faint">null</span> : h.value.preview}
                {h.value?.kind === 'binary' && <span className="faint"> (binary, hex)</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <h3 className={styles.sectionTitle}>Value</h3>
      <BytesView bytes={r.value} testId="detail-value" />
    </aside>
  );
}
