import { describe, expect, it } from 'vitest';
import { socketStatus } from './socket-status';

describe('socketStatus', () => {
  it('is live when connected', () => {
    expect(socketStatus({ connected: true, active: true, everConnected: true })).toBe('live');
  });
  it('does not alarm before the first connection', () => {
    expect(socketStatus({ connected: false, active: true, everConnected: false })).toBe('connecting');
    expect(socketStatus({ connected: false, active: false, everConnected: false })).toBe('connecting');
  });
  it('tells a lost link from a dead one', () => {
    expect(socketStatus({ connected: false, active: true, everConnected: true })).toBe('reconnecting');
    expect(socketStatus({ connected: false, active: false, everConnected: true })).toBe('offline');
  });
});
