/** Bytes of free request buffers kept at most. */
const MAX_POOLED_BYTES = 32 * 1024 * 1024;
const MB = 1024 * 1024;

/**
 * Buffers for Produce requests, used again instead of allocated for every request. Each
 * new multi-megabyte buffer counted toward V8's young generation, and a replay's requests
 * alone set off a young-generation collection every few batches, each copying every record
 * then in flight. A buffer is given back only when every request written in it was
 * answered: the broker read all its bytes, so nothing still reads it.
 */
export function createRequestBufferPool(maxBytes = MAX_POOLED_BYTES) {
  const free: Buffer[] = [];
  let freeBytes = 0;
  return {
    /** A buffer of at least `size` bytes (a new one is rounded up, so a slightly bigger request fits it next time). */
    take(size: number): Buffer {
      const i = free.findIndex((b) => b.length >= size);
      if (i < 0) return Buffer.allocUnsafe(Math.ceil(size / MB) * MB + MB);
      const [b] = free.splice(i, 1);
      freeBytes -= b!.length;
      return b!;
    },
    /** Buffers whose requests were all answered, to be used again. */
    give(buffers: Buffer[]): void {
      for (const b of buffers) {
        if (freeBytes + b.length > maxBytes) continue;
        free.push(b);
        freeBytes += b.length;
      }
    },
  };
}
