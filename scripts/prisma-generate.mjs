// Runs `prisma generate` on machines where Prisma cannot download its native schema
// engine: generate does not use that engine, but the CLI insists that
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file, so we point it at node itself.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const r = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
