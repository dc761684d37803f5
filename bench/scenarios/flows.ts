// The flow map on the bench graph (300 services, 1,000 topics, 3,000 edges;
// bench/support/synthetic-flows.ts):
// * server build: createFlowService().graph() for 5 min, 1 h and 24 h on PostgreSQL and
//   PGlite, over the rollups the collector writes for 10 M events in 24 h (every edge busy
//   every minute: 1.44 M minute rows and 24,000 hour rows; PGlite gets the last hour of
//   minute rows only, it reads no others);
// * layout: lib/flow-layout.ts (dagre) from scratch and after one new node, and elkjs's
//   quickest layered settings for comparison (BENCH_FLOWS_ELK=0 skips it: it takes seconds);
// * first paint: the page's canvas (components/flows) in headless Chromium at 1440×900,
//   from navigation to the first frame with nodes, layout included.
// Goals (issue 12): build < 200 ms (< 100 ms for 24 h), layout < 1 s, first paint < 2 s.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import ELK from 'elkjs/lib/elk.bundled.js';
import { build } from 'vite';
import { DEFAULT_CONTROLS, visibleGraph } from '../../components/flows/flow-view';
import { buildFlowGraph, type FlowGroupInput } from '../../lib/flow-graph';
import { layoutFlow } from '../../lib/flow-layout';
import type { GroupDetail } from '../../lib/lag-types';
import { createFlowService } from '../../server/flows';
import { createLogger } from '../../server/log/logger';
import { createDatabase, type SqlExecutor } from '../../server/store';
import { createScratch, type DatabaseKind } from '../../server/store/test-support/scratch-databases';
import { measure, percentile, type Row, type Scenario } from '../bench-kit';
import { syntheticFlows, type SyntheticFlows } from '../support/synthetic-flows';

const EVENTS = 10_000_000;
const REPEAT = Number(process.env.BENCH_FLOWS_REPEAT ?? 20);
const root = resolve(import.meta.dirname, '../..');

/** Rollup rows for EVENTS events spread over every produce edge and minute of the last 24 h. */
async function fillRollups(sql: SqlExecutor, s: SyntheticFlows, now: number, minuteRowsFor: number) {
  const edges = s.rollups.map((r) => ({ source: r.source, topic: r.topic, type: r.eventType }));
  const perMinute = Math.max(1, Math.round(EVENTS / edges.length / 1440));
  const hourStart = Math.floor(now / 3_600_000) * 3_600_000;
  const minuteStart = Math.floor(now / 60_000) * 60_000;
  const insert = (step: number, from: number, buckets: number, events: number) =>
    sql.query(
      `INSERT INTO flow_edges (cluster, step_ms, bucket, source, topic, caused_by, event_type, events, errors)
       SELECT 'default', $2, to_timestamp(($3::float8 - b * $2) / 1000), e.source, e.topic, '', e.type, $5, 0
         FROM jsonb_to_recordset($1::jsonb) AS e(source text, topic text, type text), generate_series(0, $4 - 1) AS b`,
      [JSON.stringify(edges), step, from, buckets, events],
    );
  await insert(3_600_000, hourStart, 25, perMinute * 60);
  for (let done = 0; done < minuteRowsFor; done += 60) await insert(60_000, minuteStart - done * 60_000, Math.min(60, minuteRowsFor - done), perMinute);
}

/** The lag monitor's view of the synthetic groups, as the flow service reads it. */
function lagOf(groups: FlowGroupInput[]) {
  const details = groups.map(
    (g) =>
      ({
        groupId: g.groupId,
        status: g.status,
        topics: g.topics.map((t) => t.topic),
        partitions: g.topics.map((t) => ({ topic: t.topic, partition: 0, committed: 1000, lag: t.lag, lagSeconds: t.lagSeconds, status: t.status })),
      }) as unknown as GroupDetail,
  );
  return { details: () => details, snapshot: () => ({ observedAt: Date.now() }) as never, events: { on() {}, off() {} } as never };
}

async function serverBuild(kind: DatabaseKind, s: SyntheticFlows): Promise<Row[]> {
  const scratch = await createScratch(kind, 'bench-flows');
  const db = await createDatabase(scratch.config);
  try {
    const now = Date.now();
    await fillRollups(db.sql, s, now, kind === 'postgres' ? 1440 : 60);
    await db.sql.query('ANALYZE flow_edges');
    const flows = createFlowService({
      sql: db.sql,
      clusterWatch: { snapshot: () => ({ connection: null as never, overview: null, topics: s.topics.map((t) => ({ ...t, partitions: 1, replicationFactor: 1, messages: 0, underReplicatedPartitions: 0, offlinePartitions: 0 })) }) },
      lagMonitor: lagOf(s.groups),
      log: createLogger({ level: 'warn' }),
    });
    const rows: Row[] = [];
    for (const window of ['5m', '1h', '24h'] as const) {
      const times: number[] = [];
      let edges = 0;
      for (let i = 0; i < REPEAT; i++) {
        const g = await flows.graph(window);
        times.push(g.buildMs);
        edges = g.edges.length;
      }
      rows.push({ measure: `server build ${window} (${kind})`, p50: percentile(times, 50), p95: percentile(times, 95), cpu: '', note: `${edges} edges, goal < ${window === '24h' ? 100 : 200} ms` });
    }
    flows.close();
    return rows;
  } finally {
    await db.close();
    await scratch.drop();
  }
}

async function layoutTimes(s: SyntheticFlows): Promise<Row[]> {
  const g = buildFlowGraph({ window: '1h', from: 0, to: 3_600_000, ...s });
  const view = visibleGraph(g, DEFAULT_CONTROLS);
  const nodes = view.nodes.map((n) => ({ id: n.id, width: 200, height: 58 }));
  // On a shared machine the wall time says more about the neighbours than about the layout:
  // the CPU time (this process, user + system) is printed beside it.
  const full = await measure(async () => layoutFlow(nodes, view.edges));
  const incremental = await measure(async () =>
    layoutFlow([...nodes, { id: 'topic:new', width: 200, height: 58 }], [...view.edges, { source: view.nodes[0]!.id, target: 'topic:new' }], { previous: full.result }),
  );
  const rows: Row[] = [
    { measure: 'layout, dagre, from scratch', p50: full.wallMs, p95: full.wallMs, cpu: full.cpuMs, note: `${nodes.length} nodes, ${view.edges.length} edges, goal < 1000 ms` },
    { measure: 'layout, one node added', p50: incremental.wallMs, p95: incremental.wallMs, cpu: incremental.cpuMs, note: 'known nodes keep their places' },
  ];
  if (process.env.BENCH_FLOWS_ELK !== '0') {
    const elk = new ELK();
    const elkRun = await measure(() => elk.layout({
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.layered.thoroughness': '1',
        'elk.layered.layering.strategy': 'LONGEST_PATH',
        'elk.layered.nodePlacement.strategy': 'SIMPLE',
        'elk.layered.crossingMinimization.strategy': 'INTERACTIVE',
        'elk.edgeRouting': 'POLYLINE',
      },
      children: nodes,
      edges: view.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    }));
    rows.push({ measure: 'layout, elkjs (for comparison)', p50: elkRun.wallMs, p95: elkRun.wallMs, cpu: elkRun.cpuMs, note: 'quickest layered settings' });
  }
  return rows;
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

async function firstPaint(s: SyntheticFlows): Promise<Row[]> {
  const out = mkdtempSync(join(tmpdir(), 'eventline-flows-paint-'));
  try {
    await build({
      root: join(root, 'bench/flows-paint'),
      base: './',
      logLevel: 'error', // not the "use client" directives of every React library
      resolve: { alias: { '@': root } },
      define: { 'process.env.NODE_ENV': '"production"' },
      oxc: { jsx: { runtime: 'automatic' } },
      build: { outDir: out, emptyOutDir: true, target: 'es2022' },
    });
    const g = buildFlowGraph({ window: '1h', from: 0, to: 3_600_000, ...s });
    writeFileSync(join(out, 'graph.json'), JSON.stringify({ ...g, buildMs: 0 }));
    const server = createServer((req, res) => {
      const path = join(out, (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').split('?')[0]!);
      let body: Buffer;
      try {
        body = readFileSync(path);
      } catch {
        return void res.writeHead(404).end();
      }
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const rows: Row[] = [];
    try {
      const times: number[] = [];
      const renders: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.waitForFunction(() => window.__flowBench?.paintedAt != null, undefined, { timeout: 120_000 });
        const r = await page.evaluate(() => window.__flowBench);
        times.push(r.paintedAt!);
        renders.push(r.renderMs);
        if (i === 0) await page.screenshot({ path: join(root, 'screenshots/flows-bench-graph.png') });
        await page.close();
      }
      rows.push({ measure: 'first paint, headless Chromium', p50: percentile(times, 50), p95: Math.max(...times), cpu: '', note: 'navigation → first frame with nodes, goal < 2000 ms' });
      rows.push({ measure: '  of which layout + render', p50: percentile(renders, 50), p95: Math.max(...renders), cpu: '', note: '' });
    } finally {
      await browser.close();
      server.close();
    }
    return rows;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export const flowsScenario: Scenario = {
  name: 'flows',
  description: 'flow map on 300 services, 1,000 topics, 3,000 edges: server build (10 M events of rollups), layout, first paint (ms)',
  needsKafka: false,
  async run(ctx) {
    const s = syntheticFlows();
    const rows: Row[] = [];
    for (const kind of ['postgres', 'pglite'] as const) {
      ctx.log(`filling rollups on ${kind}…`);
      rows.push(...(await serverBuild(kind, s)));
    }
    ctx.log('laying out…');
    rows.push(...(await layoutTimes(s)));
    ctx.log('painting in Chromium…');
    rows.push(...(await firstPaint(s)));
    return rows;
  },
};
