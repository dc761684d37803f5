import { describe, expect, it } from 'vitest';
import type { EventPickup } from '../../lib/trace-types';
import { describePickup, pickupDelayMs, pickupGroups } from './pickup-format';

const at = (s: string) => new Date(Date.UTC(2026, 0, 2, 3, 4, 0) + Number(s) * 1000).toISOString();
const pick = (state: EventPickup['state'], s: string, groupId = 'billing', source: EventPickup['source'] = 'lag-sample'): EventPickup => ({
  groupId,
  state,
  at: at(s),
  afterAt: state === 'picked' ? at('1') : null,
  source,
});

describe('pickup formatting', () => {
  it('gives the delay only when the history says when', () => {
    expect(pickupDelayMs(pick('picked', '2.5'), at('0'))).toBe(2500);
    expect(pickupDelayMs(pick('estimated', '60'), at('0'))).toBe(60_000);
    expect(pickupDelayMs(pick('waiting', '9'), at('0'))).toBeNull();
    expect(pickupDelayMs(pick('unknown', '9'), at('0'))).toBeNull();
  });

  it('says honestly what is not known', () => {
    expect(describePickup(pick('picked', '2.5'), at('0'))).toMatch(/^picked up within 2\.50 s of the event \(between \S+ \S+:01\.000 and \S+ \S+:02\.500\)$/);
    expect(describePickup(pick('waiting', '9'), at('0'))).toMatch(/^not yet picked up \(as of /);
    expect(describePickup(pick('unknown', '9'), at('0'))).toMatch(/no lag history covering this time$/);
    expect(describePickup(pick('estimated', '60'), at('0'))).toMatch(/estimated from 1-minute lag rollups/);
    expect(describePickup(pick('picked', '0.042', 'billing', 'commit'), at('0'))).toMatch(/^committed past it 42 ms after the event \(commit at \S+ \S+:00\.042\)$/);
  });

  it('lists each group once, sorted, with a colour', () => {
    const groups = pickupGroups({ '1': [pick('picked', '1', 'b'), pick('waiting', '1', 'a')], '2': [pick('picked', '2', 'b')] });
    expect(groups.map((g) => g.groupId)).toEqual(['a', 'b']);
    expect(new Set(groups.map((g) => g.colour)).size).toBe(2);
  });
});
