'use client';

import { useState, type ReactNode } from 'react';
import styles from './traces.module.css';

/** Rows drawn beyond the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 10;

/**
 * A fixed-row-height virtual list: only the visible rows (plus a few) are in the DOM,
 * so a trace of 10,000 events scrolls like one of ten.
 */
export function VirtualRows<T>({
  items,
  rowHeight,
  height,
  render,
  testId,
}: {
  items: T[];
  rowHeight: number;
  height: number;
  render: (item: T, index: number) => ReactNode;
  testId?: string;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  return (
    <div
      className={styles.virtual}
      style={{ height: Math.min(height, items.length * rowHeight + 2) }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid={testId}
      role="list"
    >
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {items.slice(first, last).map((item, i) => (
          <div key={first + i} role="listitem" className={styles.vrow} style={{ top: (first + i) * rowHeight, height: rowHeight }}>
            {render(item, first + i)}
          </div>
        ))}
      </div>
    </div>
  );
}
