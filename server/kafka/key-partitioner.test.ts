import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './key-partitioner';

// kafkajs's murmur2 (the Java client's, ported with Longs) is the reference: a key must land where kafkajs and Java put it.
const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;

describe('murmur2', () => {
  it('agrees with kafkajs on keys of every length 0–40 and on every byte value', () => {
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16;
    for (let len = 0; len <= 40; len++) {
      for (let n = 0; n < 25; n++) {
        const key = Buffer.from(Array.from({ length: len }, () => next() & 0xff));
        expect(murmur2(key)).toBe(kafkajsMurmur2(key));
      }
    }
    for (let b = 0; b < 256; b++) expect(murmur2(Buffer.from([b, 255 - b, b, 7, b]))).toBe(kafkajsMurmur2(Buffer.from([b, 255 - b, b, 7, b])));
  });

  it('gives the partitions the Java client gives (its murmur2 test vectors)', () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(partitionForKey(Buffer.from('foobar'), 6)).toBe((-790332482 & 0x7fffffff) % 6);
  });
});
