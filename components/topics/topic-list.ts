// What the topics table shows, as pure functions of the topics and the view state
// (filter, sort, internal toggle). The view state lives in the URL so a wall display
// can be bookmarked on "/topics?sort=messagesPerSecond".
import { z } from 'zod';
import type { TopicSummary } from '@/lib/cluster-types';
import { parseUrlView, serializeUrlView, urlFlag } from '../ui/url-view';

export const topicSortKeys = ['name', 'partitions', 'replicationFactor', 'messages', 'messagesPerSecond'] as const;
export type TopicSortKey = (typeof topicSortKeys)[number];
export type SortDirection = 'asc' | 'desc';

export interface TopicsView {
  q: string;
  sort: TopicSortKey;
  dir: SortDirection;
  /** Show internal topics (__consumer_offsets, …); hidden by default. */
  internal: boolean;
}

export const defaultTopicsView: TopicsView = { q: '', sort: 'name', dir: 'asc', internal: false };

const viewSchema = z.object({
  q: z.string().max(200).catch(''),
  sort: z.enum(topicSortKeys).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  internal: urlFlag(),
});

export function parseTopicsView(params: URLSearchParams): TopicsView {
  return parseUrlView(viewSchema, params);
}

/** Only what differs from the defaults, so the plain page keeps a plain URL. */
export function serializeTopicsView(view: TopicsView): string {
  return serializeUrlView(view, defaultTopicsView);
}

/** Clicking the active column flips it; a new column starts with the biggest first, names A→Z. */
export function nextSort(view: TopicsView, key: TopicSortKey): TopicsView {
  if (view.sort === key) return { ...view, dir: view.dir === 'asc' ? 'desc' : 'asc' };
  return { ...view, sort: key, dir: key === 'name' ? 'asc' : 'desc' };
}

export function filterTopics(topics: readonly TopicSummary[], q: string, showInternal: boolean): TopicSummary[] {
  const needle = q.trim().toLowerCase();
  return topics.filter(
    (t) => (showInternal || !t.internal) && (needle === '' || t.name.toLowerCase().includes(needle)),
  );
}

const byName = (a: TopicSummary, b: TopicSummary) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Sorts a copy. Ties fall back to name A→Z. A topic without a rate yet (null) goes last
 * in both directions: "unknown" is not "slowest" nor "fastest".
 */
export function sortTopics(topics: readonly TopicSummary[], key: TopicSortKey, dir: SortDirection): TopicSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...topics].sort((a, b) => {
    if (key === 'name') return sign * byName(a, b);
    const av = a[key];
    const bv = b[key];
    if (av === null && bv === null) return byName(a, b);
    if (av === null) return 1;
    if (bv === null) return -1;
    return av === bv ? byName(a, b) : sign * (av - bv);
  });
}

export function visibleTopics(topics: readonly TopicSummary[], view: TopicsView): TopicSummary[] {
  return sortTopics(filterTopics(topics, view.q, view.internal), view.sort, view.dir);
}
