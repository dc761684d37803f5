// EVENTLINE_ID_CONVENTIONS: a JSON file of a team's own id conventions, read at start.
// They come before the built-in ones (a team's own words win), in file order:
//
//   { "conventions": [
//       { "name": "acme", "topics": ["^acme\\."],
//         "correlationId": { "headers": ["acme-flow-id"], "paths": ["envelope.flowId"] },
//         "causationId": { "headers": ["acme-cause"] } } ] }
//
// Within one convention, headers are tried before paths. A mistake stops the start with
// one line naming the file, the key and what it allows.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EventlineError } from '../../../lib/eventline-error';
import { BUILT_IN_CONVENTIONS, ID_FIELDS, type IdConvention, type IdSource } from './id-conventions';

export class InvalidIdConventionsError extends EventlineError {
  constructor(message: string) {
    super(message, { code: 'INVALID_ID_CONVENTIONS' });
  }
}

const builtInNames = new Set(BUILT_IN_CONVENTIONS.map((c) => c.name));

const regex = z.string().min(1, 'must be a non-empty regular expression').superRefine((s, ctx) => {
  try {
    new RegExp(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `is not a valid regular expression (${(err as Error).message})` });
  }
});

const names = z.array(z.string().min(1, 'must be a non-empty string').max(256), { message: 'must be an array of strings' });
const idSpec = z.strictObject(
  { headers: names.optional(), paths: names.optional() },
  { message: 'must be an object with "headers" and/or "paths" (arrays of strings)' },
).refine((s) => (s.headers?.length ?? 0) + (s.paths?.length ?? 0) > 0, 'must list at least one header or path');

const conventionSchema = z.strictObject(
  {
    name: z
      .string({ message: 'must be a string' })
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'must be 1-64 letters, digits, ".", "_" or "-"')
      .refine((n) => !builtInNames.has(n), `must not be a built-in convention's name (${[...builtInNames].join(', ')})`),
    title: z.string().optional(),
    topics: z.array(regex, { message: 'must be an array of regular expressions' }).optional(),
    ...Object.fromEntries(ID_FIELDS.map((f) => [f, idSpec.optional()])),
  },
  { message: `must be an object with "name", optional "topics" and id keys (${ID_FIELDS.join(', ')})` },
);

export const idConventionsFileSchema = z
  .strictObject({ conventions: z.array(conventionSchema, { message: 'must be an array' }) }, { message: 'must be an object with a "conventions" array' })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.conventions.forEach((c, i) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: ['conventions', i, 'name'], message: `"${c.name}" is used twice` });
      seen.add(c.name);
      if (!ID_FIELDS.some((k) => (c as Record<string, unknown>)[k])) ctx.addIssue({ code: 'custom', path: ['conventions', i], message: `must give at least one of ${ID_FIELDS.join(', ')}` });
    });
  });

/** `conventions[0].correlationId.headers` from a zod path. */
function pathText(path: PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '') || '(top level)';
}

/** Validates the file's content; throws InvalidIdConventionsError with one line. */
export function parseIdConventions(data: unknown, file: string): IdConvention[] {
  const parsed = idConventionsFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = pathText(issue.path);
    const message = issue.code === 'unrecognized_keys' ? `unknown key "${issue.keys[0]}"; allowed: ${issueAllowed(issue.path)}` : issue.message;
    throw new InvalidIdConventionsError(`EVENTLINE_ID_CONVENTIONS (${file}): ${where}: ${message}`);
  }
  return parsed.data.conventions.map((c) => {
    const spec = c as Record<string, { headers?: string[]; paths?: string[] } | undefined>;
    const ids: IdConvention['ids'] = {};
    for (const f of ID_FIELDS) {
      const s = spec[f];
      if (s) ids[f] = [...(s.headers ?? []).map((header): IdSource => ({ header })), ...(s.paths ?? []).map((path): IdSource => ({ path }))];
    }
    return { name: c.name, title: c.title ?? c.name, ...(c.topics ? { topics: c.topics.map((t) => new RegExp(t)) } : {}), ids };
  });
}

function issueAllowed(path: PropertyKey[]): string {
  if (path.length === 0) return 'conventions';
  if (path.length === 2) return ['name', 'title', 'topics', ...ID_FIELDS].join(', ');
  return 'headers, paths';
}

/** Reads and validates the file named by EVENTLINE_ID_CONVENTIONS; no file, no custom conventions. */
export function loadIdConventionsFile(file: string | undefined): IdConvention[] {
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InvalidIdConventionsError(`EVENTLINE_ID_CONVENTIONS names ${file}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InvalidIdConventionsError(`EVENTLINE_ID_CONVENTIONS (${file}) is not valid JSON: ${(err as Error).message}`);
  }
  return parseIdConventions(data, file);
}
