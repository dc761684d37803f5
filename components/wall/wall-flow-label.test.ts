import { describe, expect, it } from 'vitest';
import { labelFontSize } from './wall-flow-label';

describe('labelFontSize', () => {
  it('keeps short names large and shrinks a long name that cannot break at a hyphen', () => {
    expect(labelFontSize('orders')).toBe(34);
    // Breaks after its hyphen: sized by its longer part ("notification-"), not by the whole name.
    expect(labelFontSize('notification-service')).toBe(labelFontSize('notification-'));
    expect(labelFontSize('notification-service')).toBeGreaterThan(labelFontSize('notificationservice'));
    expect(labelFontSize('payments.retry')).toBeLessThan(34);
    expect(labelFontSize('payments.retry')).toBeGreaterThanOrEqual(26);
    expect(labelFontSize('a-very-long-topic-name-with.no.breaks.in.its.last.part')).toBe(18);
  });
});
