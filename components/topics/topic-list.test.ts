import { describe, expect, it } from 'vitest';
import type { TopicSummary } from '@/lib/cluster-types';
import {
  defaultTopicsView,
  filterTopics,
  nextSort,
  parseTopicsView,
  serializeTopicsView,
  sortTopics,
} from './topic-list';

function topic(name: string, messages: number, rate: number | null, partitions = 1): TopicSummary {
  return {
    name,
    internal: name.startsWith('__'),
    partitions,
    replicationFactor: 1,
    messages,
    messagesPerSecond: rate,
    underReplicatedPartitions: 0,
    offlinePartitions: 0,
  };
}

const topics = [
  topic('payments', 50, 2),
  topic('__consumer_offsets', 900, 10, 50),
  topic('orders', 100, null),
  topic('orders-dlq', 3, 0),
];

const names = (ts: TopicSummary[]) => ts.map((t) => t.name);

describe('filterTopics', () => {
  it('hides internal topics unless asked', () => {
    expect(names(filterTopics(topics, '', false))).not.toContain('__consumer_offsets');
    expect(names(filterTopics(topics, '', true))).toContain('__consumer_offsets');
  });
  it('matches a trimmed, case-insensitive substring', () => {
    expect(names(filterTopics(topics, '  ORDERS ', false))).toEqual(['orders', 'orders-dlq']);
  });
});

describe('sortTopics', () => {
  it('sorts names A→Z and Z→A', () => {
    expect(names(sortTopics(topics, 'name', 'asc'))).toEqual(['__consumer_offsets', 'orders', 'orders-dlq', 'payments']);
    expect(names(sortTopics(topics, 'name', 'desc'))).toEqual(['payments', 'orders-dlq', 'orders', '__consumer_offsets']);
  });
  it('sorts numbers and breaks ties by name', () => {
    expect(names(sortTopics(topics, 'partitions', 'desc'))).toEqual(['__consumer_offsets', 'orders', 'orders-dlq', 'payments']);
    expect(names(sortTopics(topics, 'messages', 'asc'))).toEqual(['orders-dlq', 'payments', 'orders', '__consumer_offsets']);
  });
  it('puts unknown rates last in both directions', () => {
    expect(names(sortTopics(topics, 'messagesPerSecond', 'desc')).at(-1)).toBe('orders');
    expect(names(sortTopics(topics, 'messagesPerSecond', 'asc')).at(-1)).toBe('orders');
  });
  it('does not mutate its input', () => {
    const before = names(topics);
    sortTopics(topics, 'messages', 'desc');
    expect(names(topics)).toEqual(before);
  });
});

describe('view state in the URL', () => {
  it('round-trips', () => {
    const view = { q: 'ord', sort: 'messages' as const, dir: 'desc' as const, internal: true };
    expect(parseTopicsView(new URLSearchParams(serializeTopicsView(view)))).toEqual(view);
  });
  it('keeps the default URL empty', () => {
    expect(serializeTopicsView(defaultTopicsView)).toBe('');
  });
  it('falls back per field on bad input', () => {
    expect(parseTopicsView(new URLSearchParams('sort=bogus&dir=desc&internal=yes&q=x'))).toEqual({
      q: 'x',
      sort: 'name',
      dir: 'desc',
      internal: false,
    });
  });
});

describe('nextSort', () => {
  it('flips the active column and starts numbers biggest first', () => {
    expect(nextSort(defaultTopicsView, 'name').dir).toBe('desc');
    expect(nextSort(defaultTopicsView, 'messages')).toMatchObject({ sort: 'messages', dir: 'desc' });
  });
});
