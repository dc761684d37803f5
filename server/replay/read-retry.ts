import { backoffMs } from '../../lib/backoff';
import { EventlineError } from '../../lib/eventline-error';

/** Tries of one read: a leader election takes a few seconds, and the back-off covers about six (as the producer's). */
export const READ_ATTEMPTS = 6;
const BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 3_200;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs a source read again when it failed retriably: a leader moved
 * (NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE), a connection dropped, a request timed out.
 * The record reader forgets the topic's leaders and its connection on such an error, so
 * the next try asks the cluster afresh. A read sends nothing, so trying it again can never
 * put a copy in the target. Anything else (the offset aged out, the topic is gone, a bad
 * batch) is an answer, not a hiccup, and goes to the caller at once; after READ_ATTEMPTS the
 * last error does too.
 */
export async function withReadRetry<T>(read: () => Promise<T>, opts: { sleep?: (ms: number) => Promise<void>; attempts?: number } = {}): Promise<T> {
  const attempts = opts.attempts ?? READ_ATTEMPTS;
  const sleep = opts.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof EventlineError) || !err.retriable || attempt >= attempts) throw err;
      await sleep(backoffMs(attempt, BACKOFF_MS, MAX_BACKOFF_MS));
    }
  }
}
