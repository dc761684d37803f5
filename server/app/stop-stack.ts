import type { Logger } from '../log/logger';

/** Longest wait for one part to stop during shutdown. */
const STOP_STEP_MS = 8_000;

export interface StopStep {
  name: string;
  stop: () => Promise<unknown>;
  timeoutMs?: number;
}

/**
 * What startEventline started, stopped in reverse order. One stuck part (a consumer
 * retrying a broker that is already gone) must not keep the rest from closing: each
 * step gets a bounded time, and a failure is logged, not thrown.
 */
export function createStopStack(log: Logger) {
  const steps: StopStep[] = [];
  return {
    push(step: StopStep) {
      steps.push(step);
    },
    async stopAll() {
      for (const { name, stop, timeoutMs = STOP_STEP_MS } of steps.reverse()) {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
        const outcome = await Promise.race([stop().then(() => 'ok' as const), timedOut]).catch((err) => {
          log.warn(`stopping ${name} failed`, { error: err });
          return 'failed' as const;
        });
        clearTimeout(timer);
        if (outcome === 'timeout') log.warn(`stopping ${name} took over ${timeoutMs / 1000} s; going on`);
      }
      steps.length = 0;
    },
  };
}

export type StopStack = ReturnType<typeof createStopStack>;
