// The server as a child process for the kill -9 test: the real startEventline wiring (no
// pages, no collector), which resumes running replay jobs on start. With REPLAY_REQUEST it
// also starts that job and prints `job <id>` on stdout.
import { replayRequestSchema } from '../../../lib/replay-types';
import { startEventline } from '../../app-server';
import { loadConfig } from '../../config';
import { createLogger } from '../../log/logger';

async function main() {
  const config = loadConfig();
  const server = await startEventline({ config, log: createLogger({ level: 'warn' }), pages: false, collector: false });
  const request = process.env.REPLAY_REQUEST;
  if (request) {
    const job = await server.replay.create(replayRequestSchema.parse(JSON.parse(request)), 'kill-test');
    process.stdout.write(`job ${job.id}\n`);
  }
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
