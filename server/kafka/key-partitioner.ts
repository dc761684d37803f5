/**
 * Kafka's murmur2 of a key (the Java client's Utils.murmur2, seed 0x9747b28c), in 32-bit
 * integer arithmetic. kafkajs's DefaultPartitioner computes the same hash with a Long
 * object per multiply and filters the partition list on every call: a few percent of a
 * replay's CPU and much of its garbage, for a number that fits in 32 bits.
 */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  switch (length & 3) {
    case 3:
      h ^= data[whole + 2]! << 16;
    // falls through
    case 2:
      h ^= data[whole + 1]! << 8;
    // falls through
    case 1:
      h ^= data[whole]!;
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Kafka's default partitioner (Java's, and kafkajs's) gives a keyed record. */
export const partitionForKey = (key: Uint8Array, partitions: number) => (murmur2(key) & 0x7fffffff) % partitions;
