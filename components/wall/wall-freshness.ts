// When is what the wall shows no longer the truth? Pure, so the rules are tested by
// themselves (wall-freshness.test.ts) and the boards only draw the answer.

/** A source is stale once nothing new came for this many of its poll intervals. */
export const STALE_AFTER_POLLS = 2;
/** Slack for one slow poll (a lag cycle takes time of its own) before calling it stale. */
export const STALE_SLACK_MS = 1_500;

export type WallSource = 'cluster' | 'lag' | 'drift';

const REASON: Record<WallSource, string> = { cluster: 'no new cluster data', lag: 'no new lag data', drift: 'no new drift figures' };

export interface FreshnessInput {
  now: number;
  /** False while the socket is down (or not yet up). */
  connected: boolean;
  /** Client clock when the socket last went down (or failed to come up); null while up or still first connecting. */
  disconnectedAt: number | null;
  /** Client clock when each source last brought newer data (not server time: the TV's clock may be off). */
  lastFresh: Record<WallSource, number | null>;
  pollMs: Record<WallSource, number>;
}

export interface Freshness {
  stale: Record<WallSource, boolean>;
  /** The earliest moment the wall stopped being current, for "stale since hh:mm:ss"; null when all is fresh. */
  staleSince: number | null;
  why: string | null;
}

export function wallFreshness(input: FreshnessInput): Freshness {
  const stale: Record<WallSource, boolean> = { cluster: false, lag: false, drift: false };
  const since: number[] = [];
  const reasons: string[] = [];
  // The first connect after loading is not an outage (its data came with the page's first
  // fetch): only a socket that went down, or failed to come up, makes the wall stale at once.
  const down = !input.connected && input.disconnectedAt !== null;
  for (const source of ['cluster', 'lag', 'drift'] as const) {
    const last = input.lastFresh[source];
    const limit = STALE_AFTER_POLLS * input.pollMs[source] + STALE_SLACK_MS;
    if (down) {
      stale[source] = true;
      since.push(Math.min(last ?? input.now, input.disconnectedAt ?? input.now));
    } else if (last !== null && input.now - last > limit) {
      stale[source] = true;
      since.push(last);
      reasons.push(REASON[source]);
    }
  }
  if (down) reasons.unshift('not connected to the server');
  return { stale, staleSince: since.length ? Math.min(...since) : null, why: reasons.length ? reasons.join(', ') : null };
}

/** How long to wait before the n-th attempt (0-based) to reach the server again: 1 s doubling to 30 s, jittered. */
export function reconnectDelay(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.75 + random() * 0.5));
}
