// Idempotent consumers: remember which events were processed and skip them when they come back.
//
// Kafka delivers at least once: a producer resends after a timeout, a consumer is restarted
// before it committed, an operator replays a topic. A consumer that remembers the ids it has
// processed turns "at least once" into "effectively once" for its own side effects.
//
// This store is in memory and bounded (the oldest ids are forgotten first), which is enough
// for the demo: duplicates arrive close to their original. A production service keeps the
// processed ids in the same database transaction as its side effects, so that "processed"
// and "done" can never disagree after a crash.

export class ProcessedEvents {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 50_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be a positive integer, got ${capacity}`);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Records an id as processed; forgets the oldest one when full. */
  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // A Set iterates in insertion order, so its first entry is the oldest.
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
  }

  get size(): number {
    return this.ids.size;
  }

  clear(): void {
    this.ids.clear();
  }
}
