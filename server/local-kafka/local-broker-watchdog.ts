import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The watchdog is a tiny plain-JS Node process between us and the JVM. It exists because
 * nothing runs in a process that is SIGKILLed, so the parent cannot clean up after itself:
 * the watchdog holds the read end of a pipe whose only writer is the parent, so the kernel
 * closes it when the parent dies however it dies, and the watchdog then stops the JVM
 * (SIGTERM, SIGKILL after the grace period). It also polls the parent's pid in case the
 * pipe was inherited elsewhere. It runs detached (own process group) so a Ctrl-C in the
 * terminal reaches only the parent, which then stops the broker in order.
 * argv: parentPid graceMs logFile command ...args; prints the JVM pid as its only output.
 */
const WATCHDOG_SOURCE = `
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const [parentPid, graceMs, logFile, cmd, ...args] = process.argv.slice(1);
const out = fs.openSync(logFile, 'a');
const child = spawn(cmd, args, { stdio: ['ignore', out, out] });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), Number(graceMs));
};
child.on('error', (err) => {
  try { fs.writeSync(out, 'watchdog: cannot start ' + cmd + ': ' + err.message + '\\n'); } catch {}
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGKILL' ? 137 : 143)));
process.on('uncaughtException', () => { child.kill('SIGKILL'); process.exit(1); });
process.stdout.on('error', () => {});
if (child.pid) process.stdout.write(child.pid + '\\n');
process.stdin.on('end', stop).on('close', stop).on('error', stop).resume();
for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(s, stop);
setInterval(() => {
  try { process.kill(Number(parentPid), 0); } catch (err) { if (err.code === 'ESRCH') stop(); }
}, 1000);
`;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Watched processes of this Node process get a SIGTERM from 'exit' and signal handlers
// too: faster than the watchdog noticing, and it covers a watchdog that was killed.
const running = new Set<WatchedProcess>();
const terminateAll = () => {
  for (const proc of running) {
    for (const pid of [proc.pid, proc.watchdog.pid]) {
      try {
        if (pid) process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
};
const onSignal = (signal: NodeJS.Signals) => {
  terminateAll();
  // Listening for a signal cancels Node's default exit: re-raise it unless the app has its own handler.
  if (process.listenerCount(signal) === 1) {
    unhookProcess();
    process.kill(process.pid, signal);
  }
};
function hookProcess() {
  process.on('exit', terminateAll);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
function unhookProcess() {
  process.removeListener('exit', terminateAll);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}
function track(proc: WatchedProcess) {
  if (running.size === 0) hookProcess();
  running.add(proc);
  void proc.exited.then(() => {
    if (running.delete(proc) && running.size === 0) unhookProcess();
  });
}

export type WatchedProcess = {
  /** The watched process (the JVM), not the watchdog. */
  pid: number;
  watchdog: ChildProcess;
  /** Resolves with the exit code once the JVM is gone and reaped. */
  exited: Promise<number | null>;
};

export function spawnWatched(
  command: string,
  args: string[],
  opts: { logFile: string; graceMs: number; env?: NodeJS.ProcessEnv },
): Promise<WatchedProcess> {
  const env = { ...(opts.env ?? process.env) };
  delete env.NODE_OPTIONS; // e.g. tsx's loader: the watchdog is plain JS and should start fast
  const watchdog = spawn(
    process.execPath,
    ['-e', WATCHDOG_SOURCE, '--', String(process.pid), String(opts.graceMs), opts.logFile, command, ...args],
    { detached: true, stdio: ['pipe', 'pipe', 'ignore'], env },
  );
  watchdog.stdin?.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => {
    watchdog.once('exit', (code) => resolve(code));
    watchdog.once('error', () => resolve(null));
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    let started = false;
    watchdog.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      const line = buffered.split('\n')[0];
      if (started || !buffered.includes('\n') || !line) return;
      started = true;
      const proc = { pid: Number(line), watchdog, exited };
      track(proc);
      resolve(proc);
    });
    void exited.then((code) => reject(new Error(`${command} exited before starting (code ${code})`)));
  });
}

/** Resolves true if `promise` settles within `ms`, without a timer left holding the process open. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops a watched JVM: the watchdog SIGTERMs it and SIGKILLs it after `graceMs`; if neither has
 * gone 5 s past that, both are SIGKILLed here. Resolves once the JVM's pid is gone (if the
 * watchdog itself was killed, init reaps the JVM a moment later).
 */
export async function stopWatched(proc: WatchedProcess, graceMs: number): Promise<void> {
  proc.watchdog.kill('SIGTERM');
  if (!(await within(proc.exited, graceMs + 5000))) {
    for (const pid of [proc.pid, proc.watchdog.pid]) if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    await within(proc.exited, 5000);
  }
  for (let i = 0; i < 50 && isAlive(proc.pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}
