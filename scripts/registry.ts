// `npm run registry -- [--data-dir D] [--port P] [--build-only]`
// Runs the project's local schema registry (Apicurio, in memory, Confluent API at
// /apis/ccompat/v7) in the foreground until Ctrl-C, or, with --build-only, only builds it
// into the cache (for CI images and offline work).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { APICURIO_VERSION, ensureRegistryApp, startLocalRegistry } from '../server/local-registry';
import { EventlineError } from '../lib/eventline-error';

const usage = 'usage: tsx scripts/registry.ts [--data-dir D] [--port P] [--build-only]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'build-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(usage);
  const log = (line: string) => console.log(`[registry] ${line}`);

  if (values['build-only']) {
    const { appDir, builtInMs } = await ensureRegistryApp(log);
    console.log(`Apicurio Registry ${APICURIO_VERSION} ${builtInMs === undefined ? 'already built' : `built in ${builtInMs} ms`}: ${appDir}`);
    return;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !Number.isInteger(port)) throw new Error(`--port takes a whole number\n${usage}`);
  const dataDir = path.resolve(values['data-dir'] ?? '.eventline/registry');
  const registry = await startLocalRegistry({ dataDir, port, log });
  console.log(`Schema registry (Apicurio ${registry.version}) ready at ${registry.url} in ${registry.startedInMs} ms (log: ${registry.logFile})`);
  console.log('Press Ctrl-C to stop.');

  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(130);
    log('stopping…');
    void registry.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((err: unknown) => {
  console.error(err instanceof EventlineError ? `error: ${err.message}` : err);
  process.exit(1);
});
