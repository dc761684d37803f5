// One Eventline process of a group sharing Redis, for redis-fanout.int.test.ts: a real
// separate process, so the test can kill it the way a crash would (SIGKILL, no goodbye).
import { startTestServer } from '../../test-support/start-test-server';

const server = await startTestServer({
  brokers: process.env.TEST_BROKERS!.split(','),
  env: {
    REDIS_URL: process.env.TEST_REDIS_URL!,
    EVENTLINE_REDIS_PREFIX: process.env.TEST_REDIS_PREFIX!,
    EVENTLINE_LEASE_MS: process.env.TEST_LEASE_MS!,
    EVENTLINE_LAG_POLL_MS: '1000',
    EVENTLINE_COMMIT_TRACKER: 'false',
  },
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
