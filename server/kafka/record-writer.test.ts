import { describe, expect, it } from 'vitest';
import { byProducer, type Placed } from './record-writer';

const rec = (partition: number, n: number) => ({ key: null, value: Buffer.from(String(n)), headers: [], partition });

describe('byProducer', () => {
  it('sends each partition through one producer, its records in order', () => {
    const batches: Placed[] = [
      { topic: 'a', records: [rec(0, 1), rec(1, 2), rec(4, 3), rec(0, 4), rec(5, 5), rec(4, 6)] },
      { topic: 'b', records: [rec(4, 7), rec(2, 8)] },
    ];
    const lanes = byProducer(batches, 4);
    const seen = lanes.map((lane) => lane.map((b) => `${b.topic}:${b.records.map((r) => `${r.partition}/${r.value}`).join(',')}`));
    expect(seen).toEqual([['a:0/1,4/3,0/4,4/6', 'b:4/7'], ['a:1/2,5/5'], ['b:2/8'], []]);
  });
});
