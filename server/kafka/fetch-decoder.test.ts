import { describe, expect, it } from 'vitest';
import { fetchedEntries } from './fetch-decoder';
import type { FetchedMessage, FetchedPartition } from './kafkajs-internals';

const marker = (type: 0 | 1) => Buffer.from([0, 0, 0, type]);
const txRecord = (offset: number, producerId: string): FetchedMessage => ({
  offset: String(offset),
  timestamp: String(1000 + offset),
  key: null,
  value: Buffer.from(`v${offset}`),
  batchContext: { producerId, inTransaction: true },
});
const plain = (offset: number): FetchedMessage => ({ offset: String(offset), timestamp: String(1000 + offset), key: null, value: null, batchContext: { producerId: '-1', inTransaction: false } });
const control = (offset: number, producerId: string, type: 0 | 1): FetchedMessage => ({
  offset: String(offset),
  timestamp: '0',
  key: marker(type),
  value: null,
  isControlRecord: true,
  batchContext: { producerId, inTransaction: true },
});
const answer = (messages: FetchedMessage[], aborted: { producerId: string; firstOffset: number }[]): FetchedPartition => ({
  partition: 0,
  errorCode: 0,
  highWatermark: '100',
  abortedTransactions: aborted.map((a) => ({ producerId: a.producerId, firstOffset: String(a.firstOffset) })),
  messages,
});
const readable = (p: FetchedPartition, from: number) => [...fetchedEntries(p, from)].filter((e) => e.record).map((e) => e.offset);

describe('fetchedEntries', () => {
  // Producer 7: aborted transaction at 0-1 (marker 2), then a committed one at 3-4 (marker 5).
  const p = answer([txRecord(0, '7'), txRecord(1, '7'), control(2, '7', 0), txRecord(3, '7'), txRecord(4, '7'), control(5, '7', 1), plain(6)], [{ producerId: '7', firstOffset: 0 }]);

  it('ends an abort at its marker: the same producer\'s next transaction is readable', () => {
    expect(readable(p, 0)).toEqual([3, 4, 6]);
  });

  it('skips an abort that opened below the asked offset', () => {
    expect(readable(p, 1)).toEqual([3, 4, 6]);
  });

  it('yields markers and aborted records as entries without a record, so readers can move past them', () => {
    expect([...fetchedEntries(p, 1)].map((e) => [e.offset, e.record !== null])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, true],
      [5, false],
      [6, true],
    ]);
  });

  it('leaves another producer\'s records alone while one aborts', () => {
    const mixed = answer([txRecord(0, '7'), txRecord(1, '8'), control(2, '7', 0), control(3, '8', 1)], [{ producerId: '7', firstOffset: 0 }]);
    expect(readable(mixed, 0)).toEqual([1]);
  });
});
