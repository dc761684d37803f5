// What the groups table shows, as pure functions of the groups and the view state
// (filter, sort, "not OK only", Eventline's own groups). The view state lives in the URL
// so a wall display can be bookmarked on "/groups?problems=1".
import { z } from 'zod';
import { LAG_STATUS_RANK, type GroupSummary } from '../../lib/lag-types';
import { parseUrlView, serializeUrlView, urlFlag } from '../ui/url-view';

export const groupSortKeys = ['groupId', 'state', 'members', 'totalLag', 'maxLagSeconds', 'status'] as const;
export type GroupSortKey = (typeof groupSortKeys)[number];

export interface GroupsView {
  q: string;
  sort: GroupSortKey;
  dir: 'asc' | 'desc';
  /** Only groups that are not OK. */
  problems: boolean;
  /** Show Eventline's own groups (its collector, its commit trackers); hidden by default. */
  own: boolean;
}

export const defaultGroupsView: GroupsView = { q: '', sort: 'status', dir: 'desc', problems: false, own: false };

const viewSchema = z.object({
  q: z.string().max(200).catch(''),
  sort: z.enum(groupSortKeys).catch(defaultGroupsView.sort),
  dir: z.enum(['asc', 'desc']).catch(defaultGroupsView.dir),
  problems: urlFlag(),
  own: urlFlag(),
});

export function parseGroupsView(params: URLSearchParams): GroupsView {
  return parseUrlView(viewSchema, params);
}

/** Only what differs from the defaults, so the plain page keeps a plain URL. */
export function serializeGroupsView(view: GroupsView): string {
  return serializeUrlView(view, defaultGroupsView);
}

/** Clicking the active column flips it; a new column starts worst or biggest first, text A→Z. */
export function nextGroupSort(view: GroupsView, key: GroupSortKey, numeric: boolean): GroupsView {
  if (view.sort === key) return { ...view, dir: view.dir === 'desc' ? 'asc' : 'desc' };
  return { ...view, sort: key, dir: numeric || key === 'status' ? 'desc' : 'asc' };
}

export function visibleGroups(groups: readonly GroupSummary[], view: GroupsView): GroupSummary[] {
  const q = view.q.trim().toLowerCase();
  const rows = groups.filter(
    (g) =>
      (view.own || !g.eventline) &&
      (!view.problems || g.status !== 'OK') &&
      (!q || g.groupId.toLowerCase().includes(q) || g.topics.some((t) => t.toLowerCase().includes(q)) || g.members.some((m) => m.clientId.toLowerCase().includes(q))),
  );
  const val = (g: GroupSummary): number | string => {
    switch (view.sort) {
      case 'groupId':
        return g.groupId;
      case 'state':
        return g.state;
      case 'members':
        return g.members.length;
      case 'totalLag':
        return g.totalLag ?? -1;
      case 'maxLagSeconds':
        return g.maxLagSeconds ?? -1;
      case 'status':
        return LAG_STATUS_RANK[g.status] * 1e15 + (g.totalLag ?? 0);
    }
  };
  const sign = view.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = val(a);
    const y = val(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : a.groupId.localeCompare(b.groupId);
  });
}
