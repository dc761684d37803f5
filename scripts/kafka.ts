// `npm run kafka -- [--version X] [--data-dir D] [--port P] [--heap-mb N] [--fetch-only]`
// Runs the project's local Apache Kafka in the foreground until Ctrl-C, or, with
// --fetch-only, only fills the jar cache (for CI images and offline work).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_KAFKA_VERSION, ensureKafkaJars, startLocalKafka } from '../server/local-kafka';
import { EventlineError } from '../lib/eventline-error';

const usage = 'usage: tsx scripts/kafka.ts [--version X] [--data-dir D] [--port P] [--heap-mb N] [--fetch-only]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      version: { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'heap-mb': { type: 'string' },
      'fetch-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(usage);
  const version = values.version ?? process.env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;
  const log = (line: string) => console.log(`[kafka] ${line}`);

  if (values['fetch-only']) {
    const { libsDir, fetchedInMs } = await ensureKafkaJars(version, log);
    console.log(`Kafka ${version} jars ${fetchedInMs === undefined ? 'already cached' : `fetched in ${fetchedInMs} ms`}: ${libsDir}`);
    return;
  }

  const port = values.port === undefined ? undefined : Number(values.port);
  const heapMb = values['heap-mb'] === undefined ? undefined : Number(values['heap-mb']);
  if ((port !== undefined && !Number.isInteger(port)) || (heapMb !== undefined && !Number.isInteger(heapMb))) {
    throw new Error(`--port and --heap-mb take whole numbers\n${usage}`);
  }
  const dataDir = path.resolve(values['data-dir'] ?? '.eventline/kafka');
  const kafka = await startLocalKafka({ version, dataDir, port, heapMb, log });
  console.log(`Kafka ${kafka.version} ready at ${kafka.brokers.join(',')} in ${kafka.startedInMs} ms (data: ${dataDir}, log: ${kafka.logFile})`);
  console.log('Press Ctrl-C to stop.');

  // Our own handlers make the stop graceful; a second Ctrl-C gives up waiting.
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(130);
    log('stopping…');
    void kafka.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((err: unknown) => {
  // Our errors carry a message meant for a person: no stack trace for them.
  console.error(err instanceof EventlineError ? `error: ${err.message}` : err);
  process.exit(1);
});
