// `npm run bench [-- <scenario> ...]`: runs the benchmark scenarios against a real local
// Kafka started for the purpose, and prints one table per scenario. Figures, not
// pass/fail: compare them across commits on the same machine. The broker listens on
// BENCH_KAFKA_PORT or KAFKA_LOCAL_PORT, else any free port (never the default 9092, which a
// running server may hold).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalKafka } from '../server/local-kafka';
import { printTable, type BenchContext, type Scenario } from './bench-kit';
import { clusterPollScenario } from './scenarios/cluster-poll';
import { lagPollScenario } from './scenarios/lag-poll';
import { collectorIngestScenario } from './scenarios/collector-ingest';
import { collectorExtractScenario } from './scenarios/collector-extract';
import { traceQueryScenario } from './scenarios/trace-query';
import { replayScenario } from './scenarios/replay';
import { flowsScenario } from './scenarios/flows';
import { wallScenario } from './scenarios/wall';
import { catalogScenario } from './scenarios/catalog';
import { storedPayloadsScenario } from './scenarios/stored-payloads';
import { fetchDecodeScenario } from './scenarios/fetch-decode';

const scenarios: Scenario[] = [clusterPollScenario, lagPollScenario, collectorIngestScenario, collectorExtractScenario, traceQueryScenario, flowsScenario, wallScenario, catalogScenario, storedPayloadsScenario, replayScenario, fetchDecodeScenario];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = wanted.length ? scenarios.filter((s) => wanted.includes(s.name)) : scenarios;
if (!chosen.length) {
  console.error(`Unknown scenario. Known: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'eventline-bench-'));
const port = Number(process.env.BENCH_KAFKA_PORT ?? process.env.KAFKA_LOCAL_PORT ?? 0);
const kafka = chosen.some((s) => s.needsKafka !== false) ? await startLocalKafka({ dataDir, heapMb: 1024, port, controllerPort: 0 }) : null;
if (kafka) console.log(`Kafka ${kafka.version} at ${kafka.brokers.join(',')} (started in ${kafka.startedInMs} ms)`);
try {
  const ctx: BenchContext = { brokers: kafka?.brokers ?? [], log: (l) => console.log(`  ${l}`) };
  for (const s of chosen) {
    console.log(`\n## ${s.name}: ${s.description}`);
    printTable(await s.run(ctx));
  }
} finally {
  await kafka?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
