// The wall's drift board, read from catalog_drift every few seconds: figures, type names
// and field names only (a display never gets a payload or an example value).
import { EventEmitter } from 'node:events';
import { WALL_DRIFT_TYPES, type WallDrift, type WallDriftType } from '../../lib/wall-types';
import type { Logger } from '../log/logger';
import type { SqlExecutor } from '../store/sql-executor';
import { driftCounts, type DriftCount } from './drift-queries';

/** How often the board's figures are read. */
export const WALL_DRIFT_POLL_MS = 10_000;
/** Registry findings need every entry's shape: counted this often at most. */
const FINDINGS_EVERY_MS = 60_000;

export const EMPTY_WALL_DRIFT: WallDrift = { observedAt: null, lastHour: 0, lastDay: 0, registryFindings: null, worst: [] };

/** Types by most drift in the last day, then most ever; with each one's latest field. */
export function worstTypes(counts: readonly DriftCount[], latest: ReadonlyMap<string, { path: string; at: string | null }>): WallDriftType[] {
  const by = new Map<string, WallDriftType>();
  for (const c of counts) {
    const key = `${c.eventType}\u0000${c.version}`;
    const t = by.get(key) ?? { eventType: c.eventType, version: c.version, lastDay: 0, total: 0, kinds: {}, latestPath: null, latestAt: null };
    t.lastDay += c.lastDay;
    t.total += c.count;
    if (c.lastDay && (c.kind === 'added' || c.kind === 'type-changed')) t.kinds[c.kind] = (t.kinds[c.kind] ?? 0) + c.lastDay;
    const l = latest.get(key);
    if (l && (t.latestAt === null || (l.at !== null && l.at > t.latestAt))) {
      t.latestPath = l.path;
      t.latestAt = l.at;
    }
    by.set(key, t);
  }
  return [...by.values()].sort((a, b) => b.lastDay - a.lastDay || b.total - a.total || a.eventType.localeCompare(b.eventType)).slice(0, WALL_DRIFT_TYPES);
}

async function latestPerType(sql: SqlExecutor): Promise<Map<string, { path: string; at: string | null }>> {
  const { rows } = await sql.query<{ event_type: string; version: string; path: string; at: Date | null }>(
    `SELECT DISTINCT ON (event_type, version) event_type, version, path, coalesce(seen_at, detected_at) AS at
       FROM catalog_drift ORDER BY event_type, version, id DESC`,
  );
  return new Map(rows.map((r) => [`${r.event_type}\u0000${r.version}`, { path: r.path, at: r.at?.toISOString() ?? null }]));
}

export async function readWallDrift(sql: SqlExecutor, now = Date.now()): Promise<Omit<WallDrift, 'registryFindings'>> {
  const [counts, latest] = await Promise.all([driftCounts(sql, now), latestPerType(sql)]);
  const hour = await sql.query<{ n: bigint }>(`SELECT count(*)::int8 AS n FROM catalog_drift WHERE coalesce(seen_at, detected_at) >= $1`, [new Date(now - 3_600_000).toISOString()]);
  return { observedAt: now, lastHour: Number(hour.rows[0]!.n), lastDay: counts.reduce((a, c) => a + c.lastDay, 0), worst: worstTypes(counts, latest) };
}

/**
 * Reads the board's figures every WALL_DRIFT_POLL_MS while started, and emits `drift`
 * each time (the wall's freshness counts on a steady beat, not only on change).
 */
export function createWallDriftWatch(deps: { sql: SqlExecutor; log: Logger; registryFindings: (() => Promise<number | null>) | null; intervalMs?: number }) {
  const events = new EventEmitter<{ drift: [WallDrift] }>();
  let data: WallDrift = EMPTY_WALL_DRIFT;
  let findings: { at: number; value: number | null } = { at: 0, value: null };
  let timer: NodeJS.Timeout | null = null;
  let busy = false;

  async function poll() {
    if (busy) return;
    busy = true;
    try {
      const now = Date.now();
      if (deps.registryFindings && now - findings.at >= FINDINGS_EVERY_MS) {
        findings = { at: now, value: await deps.registryFindings().catch(() => findings.value) };
      }
      data = { ...(await readWallDrift(deps.sql, now)), registryFindings: deps.registryFindings ? findings.value : null };
      events.emit('drift', data);
    } catch (err) {
      deps.log.warn('reading drift for the wall failed', { error: (err as Error).message });
    } finally {
      busy = false;
    }
  }

  return {
    events,
    data: () => data,
    start() {
      if (timer) return;
      void poll();
      timer = setInterval(() => void poll(), deps.intervalMs ?? WALL_DRIFT_POLL_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type WallDriftWatch = ReturnType<typeof createWallDriftWatch>;
