import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export interface BenchContext {
  brokers: string[];
  log: (line: string) => void;
}

export type Row = Record<string, string | number>;

export interface Scenario {
  name: string;
  description: string;
  /** False for scenarios that only talk to a database: no broker is started for them. */
  needsKafka?: boolean;
  run(ctx: BenchContext): Promise<Row[]>;
}

/** Wall time and CPU time (user + system, this process) of one async call, in ms. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallMs = performance.now() - t0;
  const d = process.cpuUsage(cpu);
  return { result, wallMs, cpuMs: (d.user + d.system) / 1000 };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function printTable(rows: Row[]) {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  const cell = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c] ?? '').length)));
  const line = (vals: string[]) => '| ' + vals.map((v, i) => v.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(line(cols));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c] ?? ''))));
}

/**
 * Starts the V8 profiler in this process when `dir` is set (a scenario's BENCH_*_PROFILE);
 * the returned function stops it and writes `<dir>/<name>-<time>.cpuprofile`, for DevTools.
 */
export async function startProfile(dir: string | undefined, name: string): Promise<() => Promise<void>> {
  if (!dir) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${dir}/${name}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}
