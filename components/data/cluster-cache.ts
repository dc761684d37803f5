// Pure updates of the cached ClusterSnapshot from socket.io pushes. The ['cluster']
// query holds one ClusterSnapshot; every push goes through one of these, so the cache
// only ever changes in ways these tests cover.
import type {
  ClusterOverview,
  ClusterSnapshot,
  KafkaConnectionState,
  TopicSummary,
  TopicsDiff,
} from '@/lib/cluster-types';

/**
 * Removes `diff.removed`, then replaces or appends `diff.upserted` by name.
 * Keeps the order of topics it already had (the table sorts on its own) and returns
 * the same array when nothing changed, so React skips the re-render.
 */
export function applyTopicsDiff(topics: readonly TopicSummary[], diff: TopicsDiff): TopicSummary[] {
  if (diff.upserted.length === 0 && diff.removed.length === 0) return topics as TopicSummary[];
  const removed = new Set(diff.removed);
  const upserts = new Map(diff.upserted.map((t) => [t.name, t]));
  const next: TopicSummary[] = [];
  for (const topic of topics) {
    if (removed.has(topic.name) && !upserts.has(topic.name)) continue;
    const replacement = upserts.get(topic.name);
    if (replacement) {
      next.push(replacement);
      upserts.delete(topic.name);
    } else {
      next.push(topic);
    }
  }
  // Whatever is left was not in the list before: new topics.
  for (const topic of upserts.values()) next.push(topic);
  return next;
}

/** Before the first fetch there is nothing to patch: the fetch will bring it all. */
export function withTopicsDiff(snapshot: ClusterSnapshot | undefined, diff: TopicsDiff) {
  if (!snapshot) return snapshot;
  const topics = applyTopicsDiff(snapshot.topics, diff);
  return topics === snapshot.topics ? snapshot : { ...snapshot, topics };
}

/** Drops an overview older than the one we hold (a push overtaken by a refetch). */
export function withOverview(snapshot: ClusterSnapshot | undefined, overview: ClusterOverview) {
  if (!snapshot) return snapshot;
  if (snapshot.overview && snapshot.overview.observedAt > overview.observedAt) return snapshot;
  return { ...snapshot, overview };
}

export function withConnection(snapshot: ClusterSnapshot | undefined, connection: KafkaConnectionState) {
  if (!snapshot) return snapshot;
  return { ...snapshot, connection };
}
