import styles from './flows.module.css';

/** What the colours and strokes mean. */
export function FlowLegend() {
  return (
    <div className={styles.legend} aria-label="Legend">
      <span><i className={styles.swatch} style={{ background: 'var(--text-faint)' }} /> produces</span>
      <span><i className={styles.swatch} style={{ background: 'var(--ok)' }} /> consumes, OK</span>
      <span><i className={styles.swatch} style={{ background: 'var(--warn)' }} /> WARN</span>
      <span><i className={styles.swatch} style={{ background: 'var(--danger)' }} /> STOP / STALL / ERR, or dead letters flowing</span>
      <span><i className={styles.swatch} style={{ background: '#9b6cff' }} /> caused (causal layer)</span>
      <span>dashed grey: no traffic in the window · thicker: more events per second</span>
    </div>
  );
}
