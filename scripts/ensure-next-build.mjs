// `npm start` serves the production build of the pages. Build it when there is none,
// or when a page, component or shared file changed since the last build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const buildId = '.next/BUILD_ID';
const sources = ['app', 'components', 'lib', 'public', 'next.config.ts', 'package-lock.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
if (built && Math.max(...sources.map(newest)) < built) process.exit(0);
console.log(built ? 'Pages changed since the last build: building them (next build)…' : 'First start: building the pages (next build, about a minute)…');
const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
process.exit(r.status ?? 1);
