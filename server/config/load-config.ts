import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventlineError } from '../../lib/eventline-error';
import { configSchema, secretSettings, type EventlineConfig } from './config-schema';

export class InvalidConfigError extends EventlineError {
  constructor(message: string) {
    super(message, { code: 'INVALID_CONFIG' });
  }
}

const knownKeys = new Set(Object.keys(configSchema.shape));

/**
 * Reads eventline.config.json (or EVENTLINE_CONFIG_FILE) and the environment, the
 * environment winning, and validates them. Throws InvalidConfigError whose message is
 * one line naming the setting and what it allows, never echoing a secret's value.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): EventlineConfig {
  const fromFile = readConfigFile(env.EVENTLINE_CONFIG_FILE ?? 'eventline.config.json', cwd, Boolean(env.EVENTLINE_CONFIG_FILE));
  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of knownKeys) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = configSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? 'configuration');
  const raw = merged[name];
  const shown =
    raw === undefined || (secretSettings as readonly string[]).includes(name) ? '' : ` (got ${JSON.stringify(String(raw))})`;
  throw new InvalidConfigError(`Invalid setting ${name}: ${issue.message}${shown}`);
}

function readConfigFile(path: string, cwd: string, required: boolean): Record<string, unknown> {
  const full = resolve(cwd, path);
  if (!existsSync(full)) {
    if (required) throw new InvalidConfigError(`EVENTLINE_CONFIG_FILE names ${full}, which does not exist`);
    return {};
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new InvalidConfigError(`${full} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidConfigError(`${full} must hold one JSON object of settings`);
  }
  const unknown = Object.keys(data).filter((k) => !knownKeys.has(k));
  if (unknown.length) throw new InvalidConfigError(`${full}: unknown setting ${unknown[0]} (see README, Configuration)`);
  // JSON numbers and booleans arrive typed; the schema coerces from strings, so stringify.
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
}
