// Events are read by id after a watermark, but ids are handed out when a row is inserted,
// not when it commits: with two collectors on one PostgreSQL, a batch holding ids 100-199
// can commit after another holding 200-299. A job that moved its watermark to 299 on
// seeing the second would never see the first. So the ids a read skips over are kept as
// pending gaps, read again on each pass until their rows show up, and forgotten after
// GAP_TTL_MS: by then the insert was rolled back (a unique violation the collector retries
// with ON CONFLICT, or a crash) or its rows were pruned. (The Marten event store's async
// daemon treats sequence gaps the same way.)

/** How long a gap is waited for: far longer than any collector transaction. */
export const GAP_TTL_MS = 10 * 60_000;
/** Gaps kept at most (the newest): bounds the row and the re-read if something goes badly wrong. */
export const MAX_GAPS = 1000;

/** Ids `from`..`to` (inclusive, as decimal strings: bigint in JSON) first missed at `seenAt` (database clock, ms). */
export interface WatermarkGap {
  from: string;
  to: string;
  seenAt: number;
}

/** The ids a read after `watermark` skipped, up to the last id it returned (ascending ids). */
export function gapsInRead(watermark: bigint, ids: readonly bigint[], seenAt: number): WatermarkGap[] {
  const gaps: WatermarkGap[] = [];
  let prev = watermark;
  for (const id of ids) {
    if (id > prev + 1n) gaps.push({ from: (prev + 1n).toString(), to: (id - 1n).toString(), seenAt });
    if (id > prev) prev = id;
  }
  return gaps;
}

/**
 * The gaps still pending after a pass: the old ones minus the ids found in them (a gap can
 * hold one connection's committed rows and another's rolled-back ones, so it splits),
 * the expired ones dropped, and the new ones added; the newest MAX_GAPS kept.
 */
export function nextGaps(old: readonly WatermarkGap[], found: readonly bigint[], fresh: readonly WatermarkGap[], now: number, ttlMs = GAP_TTL_MS): WatermarkGap[] {
  const sorted = [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const left: WatermarkGap[] = [];
  for (const gap of old) {
    if (now - gap.seenAt >= ttlMs) continue;
    let from = BigInt(gap.from);
    const to = BigInt(gap.to);
    for (const id of sorted) {
      if (id < from || id > to) continue;
      if (id > from) left.push({ from: from.toString(), to: (id - 1n).toString(), seenAt: gap.seenAt });
      from = id + 1n;
    }
    if (from <= to) left.push({ from: from.toString(), to: to.toString(), seenAt: gap.seenAt });
  }
  return [...left, ...fresh].slice(-MAX_GAPS);
}

/** The pending gaps as stored (jsonb), tolerant of a row written before the column existed. */
export function parseGaps(stored: unknown): WatermarkGap[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((g): g is WatermarkGap => typeof g?.from === 'string' && typeof g?.to === 'string' && typeof g?.seenAt === 'number');
}
