export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

/**
 * A plain line logger: `time level [scope] message key=value`. Every line passes
 * through `redactSecrets`, so a password that slips into an error message (a database
 * URL in a driver error, say) never reaches the log.
 */
export function createLogger(opts: { level?: LogLevel; scope?: string; secrets?: string[]; write?: (line: string) => void } = {}): Logger {
  const min = order[opts.level ?? 'info'];
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 4);
  const write = opts.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const make = (scope: string | undefined): Logger => {
    const emit = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
      if (order[level] < min) return;
      const parts = [new Date().toISOString(), level.toUpperCase().padEnd(5), scope ? `[${scope}]` : '', msg];
      if (fields) for (const [k, v] of Object.entries(fields)) parts.push(`${k}=${formatValue(v)}`);
      write(redactSecrets(parts.filter(Boolean).join(' '), secrets));
    };
    return {
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      child: (s) => make(scope ? `${scope}:${s}` : s),
    };
  };
  return make(opts.scope);
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/** Replaces known secrets and any `scheme://user:password@` credentials with `***`. */
export function redactSecrets(text: string, secrets: string[] = []): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1***@');
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}
