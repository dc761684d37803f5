/** Longest wait between attempts while the source keeps failing. */
export const MAX_RETRY_MS = 15_000;

/** Wait before the next attempt: the interval while healthy, else 1 s doubling up to MAX_RETRY_MS. */
export function backoffDelay(failures: number, intervalMs: number): number {
  return failures === 0 ? intervalMs : Math.min(MAX_RETRY_MS, 1000 * 2 ** (failures - 1));
}

/**
 * Runs `run` now and then again after `delay()` each time it settles, one run at a time.
 * The pollers (cluster watch, lag monitor) own their state and their failure count; this
 * owns only the timing, so a poll never overlaps another and `stop()` waits for the one
 * in flight.
 */
export function createPollLoop(opts: { run: () => Promise<void>; delay: () => number }) {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let inFlight: Promise<void> | null = null;

  async function runOnce() {
    if (inFlight) await inFlight;
    inFlight = opts.run();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
  }

  function schedule() {
    if (!running) return;
    timer = setTimeout(async () => {
      await runOnce();
      schedule();
    }, opts.delay());
  }

  return {
    /** Runs now (and waits for it); later runs follow on the delay. */
    async start() {
      if (running) return;
      running = true;
      await runOnce();
      schedule();
    },
    /** Runs right away, after any run in flight, and waits for it. */
    runNow: runOnce,
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      if (inFlight) await inFlight;
    },
  };
}
