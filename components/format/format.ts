// Number and time formatting for people reading a wall display.
// One locale on purpose: the same screenshot on every machine, and tests that don't
// depend on where they run.
const LOCALE = 'en-US';

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

/** 3402113 → "3,402,113". Exact counts for tables where digits must line up. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return integer.format(Math.round(value));
}

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * 1234 → "1.2k", 15_300_000 → "15M", 999 → "999", 3.25 → "3.3".
 * One decimal below 10 of a unit, none above: short enough for a narrow column.
 */
export function formatCompact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  for (const [size, suffix] of UNITS) {
    // Round first, so 999_950 becomes "1.0M" rather than "1000.0k".
    if (abs >= size * 0.99995) return sign + scaled(abs / size) + suffix;
  }
  if (abs === 0) return '0';
  if (abs < 10) return sign + trimZero(abs.toFixed(1));
  return sign + String(Math.round(abs));
}

function scaled(v: number): string {
  return v < 10 ? trimZero(v.toFixed(1)) : String(Math.round(v));
}

function trimZero(s: string): string {
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

/** Messages per second: 1234.5 → "1.2k/s"; null (no second poll yet) → "—". */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  if (perSecond > 0 && perSecond < 0.1) return '<0.1/s';
  return `${formatCompact(perSecond)}/s`;
}

/** How long ago, coarse: "just now", "12 s ago", "4 min ago", "3 h ago", "2 d ago". */
export function formatAge(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - thenMs) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

const clock = new Intl.DateTimeFormat(LOCALE, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Wall-clock time in the viewer's time zone: "14:03:27". */
export function formatClock(ms: number): string {
  return clock.format(ms);
}

/** An ISO timestamp as "2025-03-04 14:03:27" in the viewer's time zone; sortable by eye. */
export function formatDateTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}
