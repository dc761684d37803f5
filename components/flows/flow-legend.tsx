import styles from './flows.module.css';

/** What the colours and strokes mean. */
export function FlowLegend() {
  return (
    <div className={styles.legend} aria-label="Legend">
      <span><i className={styles.swatch} style={{ background: '#6f8aa8' }} /> produces</span>
      <span><i className={styles.swatch} style={{ background: '#3fcf7a' }} /> consumes, OK</span>
      <span><i className={styles.swatch} style={{ background: '#f0b43c' }} /> WARN</span>
      <span><i className={styles.swatch} style={{ background: '#ff6b63' }} /> STOP / STALL / ERR, or dead letters flowing</span>
      <span><i className={styles.swatch} style={{ background: '#b48cff' }} /> caused (causal layer)</span>
      <span>dashed grey: no traffic in the window · thicker: more events per second</span>
    </div>
  );
}
