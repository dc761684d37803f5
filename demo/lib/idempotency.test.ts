import { describe, expect, it } from 'vitest';
import { ProcessedEvents } from './idempotency';

describe('ProcessedEvents', () => {
  it('remembers ids', () => {
    const store = new ProcessedEvents(10);
    store.add('a');
    store.add('a');
    expect(store.has('a')).toBe(true);
    expect(store.has('b')).toBe(false);
    expect(store.size).toBe(1);
  });

  it('forgets the oldest ids first when full', () => {
    const store = new ProcessedEvents(3);
    for (const id of ['a', 'b', 'c', 'd']) store.add(id);
    expect([...'abcd'].map((id) => store.has(id))).toEqual([false, true, true, true]);
  });

  it('rejects a nonsense capacity', () => {
    expect(() => new ProcessedEvents(0)).toThrow();
  });
});
