import { expect, it } from 'vitest';
import { mapLimit } from './map-limit';

it('keeps at most `limit` calls in flight and returns results in order', async () => {
  let inFlight = 0;
  let most = 0;
  const out = await mapLimit([50, 10, 30, 20, 40, 0], 2, async (ms, i) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, ms));
    inFlight -= 1;
    return `${i}:${ms}`;
  });
  expect(most).toBe(2);
  expect(out).toEqual(['0:50', '1:10', '2:30', '3:20', '4:40', '5:0']);
});

it('passes a failure on', async () => {
  await expect(mapLimit([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error('two')) : n))).rejects.toThrow('two');
});

it('returns nothing for nothing', async () => {
  expect(await mapLimit([], 4, async () => 1)).toEqual([]);
});
