import type { Logger } from '../log/logger';

/** The commands a lease needs; node-redis's client has them. */
export interface LeaseRedis {
  set(key: string, value: string, opts: { NX: true; PX: number }): Promise<string | null>;
  pTTL(key: string): Promise<number>;
  eval(script: string, opts: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

// Renew or release only our own lease: a holder that was paused past its TTL must not
// extend or delete the next holder's.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One holder at a time for a piece of work (polling the cluster, polling lag) among
 * several Eventline processes: SET NX PX in Redis, renewed every third of its TTL by the
 * holder. When the holder dies its key expires and a waiting process takes over; waiting
 * processes retry when the key is due to expire, so the handover takes at most one TTL.
 * If Redis cannot be reached, a holder keeps working (a second poller is better than
 * none) and a waiter keeps waiting.
 */
export function createRedisLease(opts: {
  redis: LeaseRedis;
  key: string;
  owner: string;
  ttlMs: number;
  onAcquire: () => Promise<void> | void;
  onLose: () => Promise<void> | void;
  log: Logger;
}) {
  const { redis, key, owner, ttlMs, log } = opts;
  let held = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  async function tick(): Promise<void> {
    let next = Math.floor(ttlMs / 3);
    try {
      if (held && (await redis.eval(RENEW, { keys: [key], arguments: [owner, String(ttlMs)] })) !== 1) {
        held = false;
        log.warn('lost a lease to another process', { lease: key });
        await opts.onLose();
      }
      if (!held && !stopped) {
        if ((await redis.set(key, owner, { NX: true, PX: ttlMs })) === 'OK') {
          held = true;
          log.info('holding a lease: this process polls', { lease: key });
          await opts.onAcquire();
        } else {
          const left = await redis.pTTL(key);
          if (left > 0) next = Math.min(next, left + 25);
        }
      }
    } catch (err) {
      log.warn('lease check failed', { lease: key, error: (err as Error).message });
    }
    if (!stopped) timer = setTimeout(() => void (running = tick()), next);
  }

  return {
    key,
    held: () => held,
    /** Tries once now (and waits for it), then keeps going in the background. */
    async start() {
      running = tick();
      await running;
    },
    /** Lets go of the lease at once, so another process need not wait for it to expire. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      if (!held) return;
      held = false;
      await opts.onLose();
      await redis.eval(RELEASE, { keys: [key], arguments: [owner] }).catch(() => undefined);
    },
  };
}

export type RedisLease = ReturnType<typeof createRedisLease>;
