import { loadConfig, secretSettings } from './config';
import { EventlineError } from '../lib/eventline-error';
import { createLogger } from './log/logger';
import { startEventline, type EventlineServer } from './app-server';

/** Entry point of `npm start`: load config, start everything, stop cleanly on a signal. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(`eventline: ${(err as Error).message}`);
    process.exit(2);
  }
  const secrets = secretSettings.map((k) => config[k]).filter((v): v is string => typeof v === 'string');
  const log = createLogger({ level: config.LOG_LEVEL, secrets });

  let server: EventlineServer | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: stopping`);
    const force = setTimeout(() => {
      log.error('shutdown took over 60 s; exiting anyway');
      process.exit(1);
    }, 60_000);
    force.unref();
    await server?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    server = await startEventline({ config, log });
  } catch (err) {
    const message = err instanceof EventlineError ? err.message : ((err as Error).stack ?? String(err));
    log.error(`Eventline could not start: ${message}`);
    process.exit(1);
  }
  if (stopping) return;
  log.info(`Eventline is up at ${server.url}`, { kafka: server.brokers, database: server.database.kind });
}

void main();
