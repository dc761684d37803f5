// Run as a child process by local-broker.int.test.ts: starts a broker, prints its JVM pid
// as JSON and then idles, so the test can SIGKILL this process and watch the JVM die.
import { startLocalKafka } from '../local-broker';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: local-broker-child.ts <dataDir>');
const kafka = await startLocalKafka({ dataDir, port: 0, controllerPort: 0, log: () => {} });
process.stdout.write(`${JSON.stringify({ pid: kafka.pid, brokers: kafka.brokers })}\n`);
