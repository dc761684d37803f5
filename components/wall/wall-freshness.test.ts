import { describe, expect, it } from 'vitest';
import { reconnectDelay, wallFreshness, type FreshnessInput } from './wall-freshness';
import { parseWallParams } from './wall-params';

const base: FreshnessInput = {
  now: 100_000,
  connected: true,
  disconnectedAt: null,
  lastFresh: { cluster: 99_000, lag: 96_000, drift: null },
  pollMs: { cluster: 2_000, lag: 5_000, drift: 10_000 },
};

describe('wall freshness', () => {
  it('is fresh while each source updated within two polls', () => {
    expect(wallFreshness(base)).toEqual({ stale: { cluster: false, lag: false, drift: false }, staleSince: null, why: null });
  });

  it('goes stale per source after two polls without news, since the last news', () => {
    const f = wallFreshness({ ...base, lastFresh: { cluster: 94_000, lag: 96_000, drift: null } });
    expect(f.stale).toEqual({ cluster: true, lag: false, drift: false });
    expect(f.staleSince).toBe(94_000);
    expect(f.why).toBe('no new cluster data');
  });

  it('is stale everywhere while the socket is down, since it went down', () => {
    const f = wallFreshness({ ...base, connected: false, disconnectedAt: 98_000 });
    expect(f.stale).toEqual({ cluster: true, lag: true, drift: true });
    expect(f.staleSince).toBe(96_000);
    expect(f.why).toBe('not connected to the server');
  });

  it('is not stale while the socket is still first connecting, only by the age of its data', () => {
    expect(wallFreshness({ ...base, connected: false, disconnectedAt: null }).staleSince).toBeNull();
    expect(wallFreshness({ ...base, connected: false, disconnectedAt: null, now: 110_000 }).stale).toEqual({ cluster: true, lag: true, drift: false });
  });

  it('judges the drift board by its own beat, once it has had figures', () => {
    const f = wallFreshness({ ...base, lastFresh: { cluster: 99_000, lag: 96_000, drift: 70_000 } });
    expect(f.stale).toEqual({ cluster: false, lag: false, drift: true });
    expect(f.why).toBe('no new drift figures');
  });

  it('backs off reconnects from 1 s to 30 s with jitter', () => {
    expect(reconnectDelay(0, () => 0.5)).toBe(1_000);
    expect(reconnectDelay(3, () => 0.5)).toBe(8_000);
    expect(reconnectDelay(50, () => 0.5)).toBe(30_000);
    expect(reconnectDelay(50, () => 0)).toBe(22_500);
  });
});

describe('wall params', () => {
  it('keeps the boards asked for, in that order, that the session may show', () => {
    const p = parseWallParams(new URLSearchParams('boards=lag,health,nope,flows&rotate=20&lag=a,b'), ['health', 'groups', 'lag']);
    expect(p).toEqual({ boards: ['lag', 'health'], rotateMs: 20_000, lagGroups: ['a', 'b'] });
  });
  it('falls back to every allowed board, rotating every 30 s, never faster than 5 s', () => {
    expect(parseWallParams(new URLSearchParams(''), ['health', 'dlq'])).toEqual({ boards: ['health', 'dlq'], rotateMs: 30_000, lagGroups: [] });
    expect(parseWallParams(new URLSearchParams('rotate=1'), ['health', 'dlq']).rotateMs).toBe(5_000);
    expect(parseWallParams(new URLSearchParams('boards=health'), ['health', 'dlq']).rotateMs).toBeNull();
    expect(parseWallParams(new URLSearchParams('rotate=0')).rotateMs).toBeNull();
  });
});
