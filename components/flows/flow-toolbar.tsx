'use client';

import { useState, type FormEvent } from 'react';
import { FLOW_WINDOWS, type FlowNode, type FlowWindow } from '@/lib/flow-types';
import type { ViewControls } from './flow-view';
import styles from './flows.module.css';

const WINDOW_LABEL: Record<FlowWindow, string> = { '5m': '5 min', '1h': '1 hour', '24h': '24 hours' };

/** Window, filters, causal layer, search-to-focus and the focal depth. */
export function FlowToolbar(props: {
  window: FlowWindow;
  onWindow: (w: FlowWindow) => void;
  controls: ViewControls;
  onControls: (c: ViewControls) => void;
  nodes: FlowNode[];
  onFind: (id: string) => void;
}) {
  const { controls: c, onControls } = props;
  const [query, setQuery] = useState('');
  const [missing, setMissing] = useState(false);
  const find = (e: FormEvent) => {
    e.preventDefault();
    const q = query.trim().toLowerCase();
    if (!q) return;
    const hit = props.nodes.find((n) => n.label.toLowerCase() === q) ?? props.nodes.find((n) => n.label.toLowerCase().includes(q));
    setMissing(!hit);
    if (hit) props.onFind(hit.id);
  };
  const toggle = (key: 'hideIdle' | 'hideInternal' | 'causal') => () => onControls({ ...c, [key]: !c[key] });
  const labels = [...new Set(props.nodes.filter((n) => n.kind !== 'unknown').map((n) => n.label))].sort();

  return (
    <div className={`panel ${styles.toolbar}`} role="toolbar" aria-label="Flow map controls">
      <div className={styles.segmented} role="group" aria-label="Time window">
        {FLOW_WINDOWS.map((w) => (
          <button key={w} type="button" className={`btn btn-small ${w === props.window ? 'btn-primary' : ''}`} aria-pressed={w === props.window} onClick={() => props.onWindow(w)} data-testid={`flow-window-${w}`}>
            {WINDOW_LABEL[w]}
          </button>
        ))}
      </div>
      <form onSubmit={find} className={styles.search} role="search">
        <input className="input" list="flow-node-names" value={query} onChange={(e) => (setQuery(e.target.value), setMissing(false))} placeholder="Find a service, topic or group" aria-label="Find a node" data-testid="flow-search" />
        <datalist id="flow-node-names">
          {labels.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <button type="submit" className="btn btn-small">Find</button>
        {missing && <span className="small muted">Nothing by that name on the map.</span>}
      </form>
      <label className={styles.check}>
        <input type="checkbox" checked={c.hideIdle} onChange={toggle('hideIdle')} data-testid="flow-hide-idle" /> Hide idle
      </label>
      <label className={styles.check}>
        <input type="checkbox" checked={c.hideInternal} onChange={toggle('hideInternal')} data-testid="flow-hide-internal" /> Hide internal
      </label>
      <label className={styles.check} title="Service → service links from the events' causation ids">
        <input type="checkbox" checked={c.causal} onChange={toggle('causal')} data-testid="flow-causal" /> Causal links
      </label>
      {c.focus && (
        <span className={styles.focus} data-testid="flow-focus">
          Around <strong>{props.nodes.find((n) => n.id === c.focus)?.label ?? c.focus}</strong>
          <select className="select" value={c.depth} onChange={(e) => onControls({ ...c, depth: Number(e.target.value) as 1 | 2 | 3 })} aria-label="Depth">
            <option value={1}>1 hop</option>
            <option value={2}>2 hops</option>
            <option value={3}>3 hops</option>
          </select>
          <button type="button" className="btn btn-small" onClick={() => onControls({ ...c, focus: null })}>
            Whole map
          </button>
        </span>
      )}
    </div>
  );
}
