'use client';

import type { ReactNode } from 'react';
import { useEscapeKey } from './use-escape-key';
import styles from './side-drawer.module.css';

/** A panel over the right edge of the page for one item in full; Close and Escape close it. */
export function SideDrawer(props: { label: string; title: ReactNode; testId: string; widthPx: number; onClose: () => void; children: ReactNode }) {
  useEscapeKey(props.onClose);
  return (
    <aside className={styles.drawer} style={{ width: `min(${props.widthPx}px, 100vw)` }} aria-label={props.label} data-testid={props.testId}>
      <div className={styles.header}>
        <h2 className="panel-title">{props.title}</h2>
        <button type="button" className="btn btn-small" onClick={props.onClose}>
          Close
        </button>
      </div>
      {props.children}
    </aside>
  );
}

/** Name/value pairs in a drawer: names muted, values monospace and wrapping anywhere. */
export function DrawerFacts({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <dl className={styles.kv} data-testid={testId}>
      {children}
    </dl>
  );
}
