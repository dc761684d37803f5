// How many orders per second can the whole demo (all services, one Node process) sustain, and
// how much consumer lag does it cause on the way?
//
//   KAFKA_BROKERS=127.0.0.1:9092 tsx demo/bench-rate.ts [--rates 100,200,400] [--seconds 30]
//                                                      [--min-bytes 16384 --max-wait 100]
//
// Each step runs a fresh demo in its own namespace at one target rate, with the default
// behaviour (1% poison, 1% resends, 2% transient payment failures, ...), samples every second
// the placement rate, every group's lag and the read model's freshness, then stops and deletes
// its topics. A rate is "sustained" when, over the second half of the step, orders are placed at
// ≥ 95% of the target and the 95th percentile of placed → shipped-in-the-read-model stays under
// 2 s (a growing backlog shows there first).
//
// The lag reported is what a lag monitor sees: end offset minus *committed* offset. The demo's
// consumers commit once a second, so up to a second's worth of messages per group is lag that
// is already processed; "≈ s" divides a group's lag by the rate it consumes at.
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startDemo, type ServiceName } from './index';
import { createKafka } from './lib/kafka';
import { groupLag } from './lib/lag';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '100,200,300,400,500,600,800,1000' },
    seconds: { type: 'string', default: '30' },
    'min-bytes': { type: 'string' },
    'max-wait': { type: 'string' },
    'keep-going': { type: 'boolean', default: false },
  },
});
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const rates = values.rates.split(',').map(Number);
const seconds = Number(values.seconds);
const fetch = {
  minBytes: values['min-bytes'] ? Number(values['min-bytes']) : undefined,
  maxWaitMs: values['max-wait'] ? Number(values['max-wait']) : undefined,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  t: number;
  placed: number;
  lag: Map<ServiceName, number>;
  consumed: Map<ServiceName, number>;
  totalLag: number;
  stalenessMs: number | null;
  journeyP95: number | null;
}

const admin = createKafka({ brokers, clientId: 'bench-rate', log: () => {} }).admin();
await admin.connect();

const results: string[] = [];
for (const rate of rates) {
  const namespace = `bench-${rate}-${randomUUID().slice(0, 6)}`;
  const warnings: string[] = [];
  const demo = await startDemo({ brokers, namespace, rate, fetch, log: (line) => void (line.includes('kafkajs') && warnings.push(line)) });
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const samples: Sample[] = [];
  while (Date.now() - started < seconds * 1000) {
    await sleep(1000);
    const stats = demo.stats();
    const lags = await Promise.all(
      demo.services.map(async (name) => [name, (await groupLag(admin, demo.groups[name], [...demo.subscriptions[name]!])).total] as const),
    );
    samples.push({
      t: Date.now() - started,
      placed: Number(stats.services['order-service']!.placed),
      lag: new Map(lags),
      consumed: new Map(demo.services.map((name) => [name, stats.services[name]!.consumed])),
      totalLag: lags.reduce((sum, [, lag]) => sum + lag, 0),
      stalenessMs: stats.projection?.stalenessMs ?? null,
      journeyP95: stats.projection?.orderToShippedMs?.p95 ?? null,
    });
  }
  const cpu = process.cpuUsage(cpuBefore);
  const elapsed = (Date.now() - started) / 1000;
  await demo.stop();
  await admin.deleteTopics({ topics: Object.values(demo.topics) }).catch(() => undefined);

  const half = samples.slice(Math.floor(samples.length / 2));
  const first = half[0]!;
  const last = half[half.length - 1]!;
  const span = (last.t - first.t) / 1000;
  const placedPerSecond = (last.placed - first.placed) / span;
  // Seconds behind, per group: its lag over the rate it consumes at.
  let worst = { group: '', seconds: 0, lag: 0 };
  for (const name of demo.services) {
    const consumedPerSecond = (last.consumed.get(name)! - first.consumed.get(name)!) / span;
    for (const s of half) {
      const lag = s.lag.get(name)!;
      const behind = lag === 0 ? 0 : lag / Math.max(consumedPerSecond, 1);
      if (behind > worst.seconds) worst = { group: name, seconds: behind, lag };
    }
  }
  const maxStaleness = Math.max(...half.map((s) => s.stalenessMs ?? 0));
  const journeyP95 = Math.max(...half.map((s) => s.journeyP95 ?? Infinity));
  const sustained = placedPerSecond >= 0.95 * rate && journeyP95 < 2000;
  const line =
    `rate ${rate}/s: placed ${placedPerSecond.toFixed(0)}/s; placed→shipped p95 ≤ ${journeyP95} ms; ` +
    `worst committed lag ${worst.lag} msgs ≈ ${worst.seconds.toFixed(1)} s (${worst.group || '-'}); ` +
    `total lag at end ${last.totalLag}; read model stale ≤ ${maxStaleness} ms; ` +
    `node ${(((cpu.user + cpu.system) / 1e6 / elapsed) * 100).toFixed(0)}% CPU, ${((cpu.user + cpu.system) / 1000 / Math.max(1, samples[samples.length - 1]!.placed)).toFixed(2)} ms/order; ` +
    `load ${loadavg()[0]!.toFixed(1)}/${cpus().length} cores → ${sustained ? 'SUSTAINED' : 'NOT sustained'}`;
  console.log(line);
  console.log(`  total lag per second: ${samples.map((s) => s.totalLag).join(' ')}`);
  console.log(`  placed→shipped p95 per second (ms): ${samples.map((s) => s.journeyP95 ?? '-').join(' ')}`);
  if (warnings.length > 0) console.log(`  ${warnings.length} kafkajs warnings, first: ${warnings[0]}`);
  results.push(line);
  if (!sustained && !values['keep-going']) break;
}
await admin.disconnect();
console.log(`\nSummary (${seconds} s per step, all services in one process, fetch ${JSON.stringify(fetch)}):\n${results.join('\n')}`);
