// One Eventline process (API and sockets, no pages) in a process of its own, for
// redis-fanout.int.test.ts and `npm run bench -- wall`: separate, so a test can kill it the
// way a crash would (SIGKILL, no goodbye) and a benchmark can read its memory alone.
// With TEST_REDIS_URL it joins the others on that Redis.
import { startTestServer } from '../../test-support/start-test-server';

const server = await startTestServer({
  brokers: process.env.TEST_BROKERS!.split(','),
  env: {
    ...(process.env.TEST_REDIS_URL
      ? { REDIS_URL: process.env.TEST_REDIS_URL, EVENTLINE_REDIS_PREFIX: process.env.TEST_REDIS_PREFIX!, EVENTLINE_LEASE_MS: process.env.TEST_LEASE_MS ?? '10000' }
      : {}),
    EVENTLINE_CLUSTER_POLL_MS: process.env.TEST_CLUSTER_POLL_MS ?? '500',
    EVENTLINE_LAG_POLL_MS: '1000',
    EVENTLINE_COMMIT_TRACKER: 'false',
  },
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
