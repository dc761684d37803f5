'use client';

import type { TopicsView } from './topic-list';
import styles from './topics.module.css';

export function TopicsToolbar({ view, onChange }: { view: TopicsView; onChange: (view: TopicsView) => void }) {
  return (
    <div className={styles.toolbar}>
      <label className={styles.filter}>
        <span className="visually-hidden">Filter topics by name</span>
        <input
          className="input"
          type="search"
          placeholder="Filter by name…"
          value={view.q}
          onChange={(e) => onChange({ ...view, q: e.target.value })}
          data-testid="topic-filter"
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={view.internal}
          onChange={(e) => onChange({ ...view, internal: e.target.checked })}
          data-testid="toggle-internal"
        />
        Show internal topics
      </label>
    </div>
  );
}
