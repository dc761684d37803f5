import { describe, expect, it } from 'vitest';
import type { GroupSummary } from '@/lib/lag-types';
import { defaultGroupsView, nextGroupSort, parseGroupsView, serializeGroupsView, visibleGroups } from './group-list';

const g = (groupId: string, status: GroupSummary['status'], topics: string[], eventline = false): GroupSummary => ({
  groupId, status, topics, eventline, state: 'Stable', protocolType: 'consumer', members: [], partitionCount: 1, topicLags: [], totalLag: 1, maxLagSeconds: 1, reason: '', statusSince: 0,
});
const ids = (rows: GroupSummary[]) => rows.map((r) => r.groupId);

describe('groups view in the URL', () => {
  it('keeps the plain page on a plain URL', () => {
    expect(serializeGroupsView(defaultGroupsView)).toBe('');
    expect(parseGroupsView(new URLSearchParams(''))).toEqual(defaultGroupsView);
  });

  it('round-trips every field', () => {
    const view = { q: 'orders', sort: 'totalLag', dir: 'asc', problems: true, own: true } as const;
    const url = serializeGroupsView(view);
    expect(url).toBe('?q=orders&sort=totalLag&dir=asc&problems=1&own=1');
    expect(parseGroupsView(new URLSearchParams(url))).toEqual(view);
  });

  it('falls back field by field on bad parameters', () => {
    expect(parseGroupsView(new URLSearchParams('sort=nope&dir=up&problems=1&own=yes'))).toEqual({ ...defaultGroupsView, problems: true });
  });
});

describe('nextGroupSort', () => {
  it('flips the active column and starts a new one biggest first, text A→Z', () => {
    expect(nextGroupSort(defaultGroupsView, 'status', false).dir).toBe('asc');
    expect(nextGroupSort(defaultGroupsView, 'totalLag', true)).toMatchObject({ sort: 'totalLag', dir: 'desc' });
    expect(nextGroupSort(defaultGroupsView, 'groupId', false)).toMatchObject({ sort: 'groupId', dir: 'asc' });
  });
});

describe('visibleGroups', () => {
  const rows = [g('a', 'OK', ['x']), g('b', 'STOP', ['y']), g('c', 'WARN', ['x']), g('eventline-collector', 'OK', ['x'], true)];

  it('sorts worst status first by default and filters by topic', () => {
    expect(ids(visibleGroups(rows, defaultGroupsView))).toEqual(['b', 'c', 'a']);
    expect(ids(visibleGroups(rows, { ...defaultGroupsView, q: 'x' }))).toEqual(['c', 'a']);
  });

  it("hides Eventline's own groups unless asked", () => {
    expect(ids(visibleGroups(rows, { ...defaultGroupsView, own: true }))).toEqual(['b', 'c', 'a', 'eventline-collector']);
  });

  it('keeps only groups that are not OK', () => {
    expect(ids(visibleGroups(rows, { ...defaultGroupsView, problems: true, own: true }))).toEqual(['b', 'c']);
  });
});
