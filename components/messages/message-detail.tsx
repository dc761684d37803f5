'use client';

import { DrawerFacts, SideDrawer } from '@/components/ui/side-drawer';
import type { MessageRecord } from '@/lib/message-types';
import { formatCount, formatDateTime } from '@/components/format/format';
import { BytesView } from './bytes-view';
import { DeadLetterFacts } from '@/components/replay/dead-letter-facts';
import styles from './messages.module.css';

const TIMESTAMP_TYPES = { create: 'create time (set by the producer)', 'log-append': 'log append time (set by the broker)' };

/** One record in full: where it is, when, its key, headers and value. Escape closes. */
export function MessageDetail({ record: r, topic, onClose }: { record: MessageRecord; topic: string; onClose: () => void }) {
  return (
    <SideDrawer label={`Record ${r.partition}/${r.offset}`} title={`Partition ${r.partition} · offset ${r.offset}`} testId="message-detail" widthPx={720} onClose={onClose}>
      <DrawerFacts>
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
      </DrawerFacts>
      {r.deadLetter && <DeadLetterFacts info={r.deadLetter} />}
      <h3 className={styles.sectionTitle}>Key</h3>
      <BytesView bytes={r.key} testId="detail-key" />
      <h3 className={styles.sectionTitle}>Headers ({r.headers.length})</h3>
      {r.headers.length === 0 ? (
        <p className="faint small">No headers.</p>
      ) : (
        <DrawerFacts testId="detail-headers">
          {r.headers.map((h, i) => (
            <div key={`${h.key}-${i}`} style={{ display: 'contents' }}>
              <dt>{h.key}</dt>
              <dd>
                {h.value === null ? <span className="faint">null</span> : h.value.preview}
                {h.value?.kind === 'binary' && <span className="faint"> (binary, hex)</span>}
              </dd>
            </div>
          ))}
        </DrawerFacts>
      )}
      <h3 className={styles.sectionTitle}>Value</h3>
      <BytesView bytes={r.value} testId="detail-value" />
    </SideDrawer>
  );
}
