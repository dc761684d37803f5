import { describe, expect, it } from 'vitest';
import { serverParts, serverText } from './replay-format';

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const T = Date.parse('2026-11-30T14:00:00.000Z');

describe('serverText', () => {
  it('names the server running a job and when its lease ends', () => {
    expect(serverText({ state: 'running', claimedBy: 'web-1:42:ab12cd34', leaseUntil: '2026-11-30T14:00:08.000Z' }, T, clock)).toBe('web-1:42:ab12cd34, lease until 14:00:08');
  });

  it('says when a running job\'s lease ran out, and when no server holds it', () => {
    expect(serverText({ state: 'running', claimedBy: 'web-1:42:ab12cd34', leaseUntil: '2026-11-30T13:59:50.000Z' }, T, clock)).toBe(
      'web-1:42:ab12cd34, lease ran out at 13:59:50: another server takes it over',
    );
    expect(serverText({ state: 'running', claimedBy: null, leaseUntil: null }, T, clock)).toMatch(/^no server holds it/);
  });

  it('names the last server of a job that stopped', () => {
    expect(serverText({ state: 'completed', claimedBy: 'web-2:7:ffff0000', leaseUntil: '2026-11-30T13:00:00.000Z' }, T, clock)).toBe('web-2:7:ffff0000, ran it last');
    expect(serverParts({ state: 'completed', claimedBy: 'web-2:7:ffff0000', leaseUntil: null }, T, clock)).toEqual({ holder: 'web-2:7:ffff0000', note: 'ran it last' });
    expect(serverText({ state: 'paused', claimedBy: null, leaseUntil: null }, T, clock)).toBe('–');
  });
});
