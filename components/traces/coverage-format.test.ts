import { describe, expect, it } from 'vitest';
import type { TopicCoverage } from '@/lib/coverage-types';
import { coverageCells, formatShare, shareTone } from './coverage-format';

const cov = (over: Partial<TopicCoverage>): TopicCoverage => ({
  topic: 't', events: 0, withEventId: 0, withCorrelationId: 0, withCausationId: 0, duplicatesChecked: 0, duplicateEventIds: 0, deadLetters: 0, conventions: [], firstAt: '', updatedAt: '', ...over,
});

describe('coverage formatting', () => {
  it('never rounds a gap away', () => {
    expect([0, 0.0004, 0.05, 0.5, 0.9834, 0.99996, 1].map(formatShare)).toEqual(['0%', '<0.1%', '5.0%', '50%', '98.3%', '>99.9%', '100%']);
    expect([1, 0.5, 0].map(shareTone)).toEqual(['ok', 'warn', 'danger']);
  });
  it('shows duplicates over the events checked, and the conventions', () => {
    const c = coverageCells(cov({ events: 200, withEventId: 100, withCorrelationId: 200, withCausationId: 150, duplicatesChecked: 100, duplicateEventIds: 5, conventions: [{ name: 'w3c-traceparent', events: 200 }, { name: 'cloudevents-binary', events: 100 }] }));
    expect(c).toMatchObject({ correlation: '100%', causation: '75%', eventId: '50%', duplicates: '5.0%', conventions: 'w3c-traceparent, cloudevents-binary' });
    expect(coverageCells(cov({ events: 3 })).duplicates).toBe('—');
  });
});
