import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The part of Prisma's DMMF datamodel the drift check reads. */
export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  nativeType?: [string, string[]] | null;
  default?: { name: string; args: unknown[] } | string | number | boolean | unknown[];
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
export interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
}
export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string;
  algorithm?: string;
  clustered?: boolean;
  where?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc'; length?: number; operatorClass?: string }[];
}
export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
}
export interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const prismaCli = path.join(path.dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build', 'index.js');
const generator = fileURLToPath(new URL('./dmmf-dump-generator.mjs', import.meta.url));

/**
 * Parses schema.prisma with Prisma's own parser: runs `prisma generate` on a copy
 * whose only generator is dmmf-dump-generator.mjs. `prisma generate` needs no schema
 * engine, but Prisma 7 insists that PRISMA_SCHEMA_ENGINE_BINARY names an existing file
 * when it cannot download one; a placeholder does.
 */
export async function loadDatamodel(schemaPath = path.join(repoRoot, 'prisma/schema.prisma')): Promise<Datamodel> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'eventline-dmmf-'));
  try {
    const source = await readFile(schemaPath, 'utf8');
    const provider = `node ${generator.includes(' ') ? JSON.stringify(generator) : generator}`;
    const schema =
      source.replace(/^[ \t]*generator\s+\w+\s*\{[\s\S]*?^[ \t]*\}/gm, '') +
      `\ngenerator dmmf {\n  provider = ${JSON.stringify(provider)}\n  output   = ${JSON.stringify(path.join(tmp, 'out'))}\n}\n`;
    await writeFile(path.join(tmp, 'schema.prisma'), schema);
    await writeFile(path.join(tmp, 'no-schema-engine'), '');
    const env = {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || path.join(tmp, 'no-schema-engine'),
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    };
    try {
      await promisify(execFile)(process.execPath, [prismaCli, 'generate', '--schema', path.join(tmp, 'schema.prisma')], { cwd: repoRoot, env });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`prisma generate (DMMF dump) failed:\n${e.stderr || e.stdout || e.message}`);
    }
    return JSON.parse(await readFile(path.join(tmp, 'out', 'dmmf.json'), 'utf8')) as Datamodel;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
