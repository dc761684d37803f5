import { expect, it } from 'vitest';
import { ownGroupTest } from './own-groups';

it("marks the configured collector group and every commit tracker's group, nothing else", () => {
  const own = ownGroupTest('shop-collector');
  expect(own('shop-collector')).toBe(true);
  expect(own('eventline-commit-tracker-host-a-4242')).toBe(true);
  expect(own('eventline-collector')).toBe(false);
  expect(own('shop-collector-2')).toBe(false);
  expect(ownGroupTest(null)('payments')).toBe(false);
});
