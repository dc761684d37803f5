// The demo shop from the command line.
//
//   KAFKA_BROKERS=host:9092 tsx demo/main.ts --rate 500                 all services, one process
//   KAFKA_BROKERS=host:9092 tsx demo/main.ts --service payment-service  one service per process
//
// While it runs, type a command (`help` lists them) to turn the chaos knobs. Ctrl-C stops it
// cleanly: every consumer leaves its group before the process exits.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startDemo, type DemoSystem } from './index';
import { isServiceName, serviceNames, type ServiceName } from './lib/names';

const usage = `Usage: tsx demo/main.ts [options]

  --rate <n>             orders per second (default 5)
  --service <name>       run only this service; repeat for several (default: all)
                         ${serviceNames.join(', ')}
  --namespace <ns>       prefix of topics and consumer groups (default: none)
  --poison-rate <f>      share of poison orders, 0..1 (default 0.01)
  --resend-rate <f>      share of events sent twice, 0..1 (default 0.01)
  --v2-share <f>         share of OrderPlaced v2, 0..1 (default 0.3)
  --registry <url>       schema registry (Confluent API) loyalty-service writes Avro through
                         (default: SCHEMA_REGISTRY_URL; none: loyalty-service sits out)
  --loyalty-v2-after <s> seconds before loyalty-service switches to v2 of its schema (default 120)
  --slow <service>=<ms>  delay per message for a service; repeatable
  --stats-every <s>      status line every s seconds, 0 for none (default 10)
  -h, --help

Environment: KAFKA_BROKERS=host:port[,host:port...] (default 127.0.0.1:9092),
             SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_USERNAME, SCHEMA_REGISTRY_PASSWORD
`;

const commands = `Commands:
  knobs | stats | rate <n> | burst <n> <seconds> | poison <fraction>
  slow <service> <ms> | pause <service> | resume <service> | stop <service> | start <service>
  order [poison] | loyalty v2 | quit`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}`);
  process.exit(2);
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) fail(`--${name} needs a number, got "${value}"`);
  return parsed;
}

function service(value: string | undefined): ServiceName {
  if (value === undefined || !isServiceName(value)) throw new Error(`unknown service "${value ?? ''}" (${serviceNames.join(', ')})`);
  return value;
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        rate: { type: 'string' },
        service: { type: 'string', multiple: true },
        namespace: { type: 'string' },
        'poison-rate': { type: 'string' },
        'resend-rate': { type: 'string' },
        'v2-share': { type: 'string' },
        registry: { type: 'string' },
        'loyalty-v2-after': { type: 'string' },
        slow: { type: 'string', multiple: true },
        'stats-every': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (err) {
    return fail((err as Error).message);
  }
})();
if (values.help) {
  process.stdout.write(`${usage}\n${commands}\n`);
  process.exit(0);
}

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
const services = values.service?.map((name) => (isServiceName(name) ? name : fail(`unknown service "${name}"`)));
const slow = (values.slow ?? []).map((spec) => {
  const [name, ms] = spec.split('=');
  if (!name || !isServiceName(name) || ms === undefined) fail(`--slow needs <service>=<ms>, got "${spec}"`);
  return { name, ms: number('slow', ms)! };
});
const behaviour = Object.fromEntries(
  Object.entries({
    poisonRate: number('poison-rate', values['poison-rate']),
    resendRate: number('resend-rate', values['resend-rate']),
    v2Share: number('v2-share', values['v2-share']),
    loyaltyV2AfterMs: values['loyalty-v2-after'] === undefined ? undefined : number('loyalty-v2-after', values['loyalty-v2-after'])! * 1000,
  }).filter(([, v]) => v !== undefined),
);

let demo: DemoSystem;
try {
  log(`[demo] connecting to ${brokers.join(',')}`);
  const registryUrl = values.registry ?? process.env.SCHEMA_REGISTRY_URL;
  const schemaRegistry = registryUrl
    ? { url: registryUrl, username: process.env.SCHEMA_REGISTRY_USERNAME, password: process.env.SCHEMA_REGISTRY_PASSWORD }
    : null;
  demo = await startDemo({ brokers, namespace: values.namespace, rate: number('rate', values.rate), services, behaviour, schemaRegistry, log });
  for (const { name, ms } of slow) demo.knobs.setSlow(name, ms);
} catch (err) {
  log(`[demo] could not start: ${(err as Error).message}`);
  process.exit(1);
}

let shutdownSince = 0;
async function shutdown(signal: string) {
  if (shutdownSince > 0) {
    // Under `tsx`, one Ctrl-C arrives twice (from the terminal and relayed by tsx's parent
    // process): only a second Ctrl-C pressed a while later means "don't wait".
    if (Date.now() - shutdownSince < 2000) return;
    log(`[demo] ${signal} again: exiting without waiting`);
    process.exit(1);
  }
  shutdownSince = Date.now();
  log(`[demo] ${signal}: stopping (consumers leave their groups)...`);
  clearInterval(statusTimer);
  input.close();
  try {
    await demo.stop();
    process.exit(0);
  } catch (err) {
    log(`[demo] stop failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// A status line: what happened since the last one.
let previous = demo.stats();
const statsEvery = number('stats-every', values['stats-every']) ?? 10;
const statusTimer = setInterval(() => {
  const now = demo.stats();
  const seconds = (now.at - previous.at) / 1000;
  const perSecond = (value: unknown, before: unknown) => Math.round((Number(value) - Number(before ?? 0)) / seconds);
  const placed = now.services['order-service'];
  const processed = Object.entries(now.services).map(([name, s]) => {
    const state = s!.state === 'running' ? '' : ` (${s!.state})`;
    return `${name} ${perSecond(s!.processed, previous.services[name as ServiceName]?.processed)}${state}`;
  });
  const dlq = now.services['payment-service']?.deadLettered;
  const p = now.projection;
  log(
    `[demo] ${placed ? `orders ${perSecond(placed.placed, previous.services['order-service']?.placed)}/s | ` : ''}` +
      `processed/s: ${processed.join(', ')}${dlq !== undefined ? ` | dead letters ${dlq}` : ''}` +
      (p ? ` | read model: ${p.orders} orders, ${p.behindEvents ?? '?'} behind, stale ${p.stalenessMs ?? '?'} ms` : ''),
  );
  previous = now;
}, Math.max(1, statsEvery) * 1000);
if (statsEvery <= 0) clearInterval(statusTimer);

// Knobs from stdin.
const input = createInterface({ input: process.stdin, terminal: false });
input.on('line', (line) => {
  const [command, a, b] = line.trim().split(/\s+/);
  const { knobs } = demo;
  void (async () => {
    switch (command) {
      case undefined:
      case '':
        return;
      case 'help':
        return console.log(commands);
      case 'knobs':
        return console.log(JSON.stringify(knobs.getKnobs(), null, 2));
      case 'stats':
        return console.log(JSON.stringify(demo.stats(), null, 2));
      case 'rate':
        return knobs.setRate(Number(a));
      case 'burst':
        return knobs.burst(Number(a), Number(b));
      case 'poison':
        return knobs.setPoisonRate(Number(a));
      case 'slow':
        return knobs.setSlow(service(a), Number(b));
      case 'pause':
        return knobs.pauseGroup(service(a));
      case 'resume':
        return knobs.resumeGroup(service(a));
      case 'stop':
        return knobs.stopService(service(a));
      case 'start':
        return knobs.startService(service(a));
      case 'order':
        return console.log(await demo.placeOrder({ poison: a === 'poison' }));
      case 'loyalty':
        if (a !== 'v2') throw new Error('try: loyalty v2');
        return knobs.setBehaviour({ loyaltyV2AfterMs: 0 });
      case 'quit':
      case 'exit':
        return shutdown('quit');
      default:
        throw new Error(`unknown command "${command}" (try help)`);
    }
  })().then(
    () => command && command !== 'quit' && log(`[demo] ok: ${line.trim()}`),
    (err: Error) => log(`[demo] ${err.message}`),
  );
});
