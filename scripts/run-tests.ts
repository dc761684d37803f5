// `npm test`: the whole suite — type check, unit and integration tests (vitest; the
// integration project starts and stops its own Kafka broker), then the browser tests
// (Playwright in Debian's Chromium; the server under test starts its own broker).
// Ends with the failed tests by name and one line `N passed, N failed` summing all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { countTests, summaryLines } from './test-summary';

const out = '.eventline/test-results';
mkdirSync(out, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const bin = (name: string) => `node_modules/.bin/${name}`;

function step(title: string, cmd: string, args: string[]): boolean {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  console.log(`=== ${title}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return r.status === 0;
}

const results: boolean[] = [];
results.push(step('type check', bin('tsc'), ['--noEmit']));
results.push(
  step('unit + integration', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/vitest.json`]),
);
results.push(step('build pages', process.execPath, ['scripts/ensure-next-build.mjs']));
results.push(step('e2e', bin('playwright'), ['test']));

const read = (file: string) => (existsSync(`${out}/${file}`) ? JSON.parse(readFileSync(`${out}/${file}`, 'utf8')) : undefined);
const counts = countTests({ vitest: read('vitest.json'), playwright: read('playwright.json'), cwd: process.cwd() });
// A step that failed without a test failing (type errors, a broken build) still fails the run.
const stepFailures = results.filter((ok) => !ok).length;
if (counts.failed === 0 && stepFailures > 0) counts.failed = stepFailures;
console.log(summaryLines(counts));
process.exit(results.every(Boolean) && counts.failed === 0 ? 0 : 1);
