import { z } from 'zod';
import { defaultCollectorOptions, defaultLimits } from '../collector/defaults';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const positiveMs = (min: number) => z.coerce.number({ message: 'must be a number of milliseconds' }).int().min(min, `must be at least ${min}`);

/** Comma-separated regular expressions, each checked here so a typo fails at start. */
const patternList = z.string().refine(
  (s) => s.split(',').every((p) => {
    try {
      new RegExp(p.trim());
      return true;
    } catch {
      return false;
    }
  }),
  'must be comma-separated regular expressions',
);

const brokerList = z
  .string()
  .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))
      .min(1, 'must list at least one host:port'),
  );

/**
 * Every setting Eventline reads, by its environment variable name. The same names may
 * be used as keys in eventline.config.json; the environment wins. README's
 * "Configuration" table documents each one — keep the two in step.
 */
export const configSchema = z
  .object({
    // 0 asks the system for any free port (tests use it).
    PORT: z.coerce.number({ message: 'must be a port number' }).int('must be a whole number').min(0, 'must be between 0 and 65535').max(65535, 'must be between 0 and 65535').default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    EVENTLINE_DATA_DIR: z.string().min(1).default('.eventline'),
    EVENTLINE_DEV: bool.default(false),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

    KAFKA_BROKERS: brokerList.optional(),
    KAFKA_CLIENT_ID: z.string().min(1).default('eventline'),
    // Unset: the first bootstrap broker (cluster-watch.ts), so the top bar never shows a bare KRaft id.
    KAFKA_CLUSTER_NAME: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
    KAFKA_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/, 'must look like 3.9.1').default('3.9.1'),
    KAFKA_LOCAL_PORT: port.optional(),
    KAFKA_SSL: bool.default(false),
    KAFKA_SSL_CA_FILE: z.string().optional(),
    KAFKA_SSL_CERT_FILE: z.string().optional(),
    KAFKA_SSL_KEY_FILE: z.string().optional(),
    KAFKA_SSL_REJECT_UNAUTHORIZED: bool.default(true),
    KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    KAFKA_SASL_USERNAME: z.string().optional(),
    KAFKA_SASL_PASSWORD: z.string().optional(),

    // Unset with the local Kafka: the project's own local registry (Apicurio) is started; unset
    // with KAFKA_BROKERS: registry-encoded payloads show as hex with the reason.
    SCHEMA_REGISTRY_URL: z.url({ message: 'must be an http(s):// URL' }).regex(/^https?:\/\//, 'must be an http(s):// URL').optional(),
    SCHEMA_REGISTRY_USERNAME: z.string().optional(),
    SCHEMA_REGISTRY_PASSWORD: z.string().optional(),
    SCHEMA_REGISTRY_LOCAL: bool.default(true),
    SCHEMA_REGISTRY_LOCAL_PORT: port.optional(),

    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),

    EVENTLINE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
    EVENTLINE_SESSION_TTL_HOURS: z.coerce.number().positive('must be a positive number of hours').default(12),
    EVENTLINE_SECURE_COOKIES: bool.default(false),
    EVENTLINE_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),

    EVENTLINE_CLUSTER_POLL_MS: positiveMs(250).default(2000),
    EVENTLINE_LAG_POLL_MS: positiveMs(250).default(5000),
    EVENTLINE_LAG_WINDOW: z.coerce.number().int().min(2, 'must be at least 2').max(100).default(10),
    EVENTLINE_COMMIT_TRACKER: bool.default(true),
    EVENTLINE_LAG_RAW_RETENTION_HOURS: z.coerce.number().positive().default(24),
    EVENTLINE_LAG_MINUTE_RETENTION_DAYS: z.coerce.number().positive().default(7),
    EVENTLINE_LAG_HOUR_RETENTION_DAYS: z.coerce.number().positive().default(90),
    EVENTLINE_LAG_ROLLUP_MS: positiveMs(1000).default(60_000),
    // A JSON file of extra id conventions (server/collector/conventions/custom-conventions.ts
    // validates its content at start).
    EVENTLINE_ID_CONVENTIONS: z.string().min(1, 'must name a JSON file').optional(),
    EVENTLINE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    EVENTLINE_DEMO: bool.optional(),

    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    EVENTLINE_REDIS_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'use up to 64 letters, digits, ".", ":", "_" or "-"').default('eventline'),
    EVENTLINE_LEASE_MS: positiveMs(1000).default(10_000),
    EVENTLINE_BUILD_ID: z.string().regex(/^[\w.:+-]{1,100}$/, 'use up to 100 letters, digits, ".", ":", "+", "_" or "-"').optional(),
    EVENTLINE_DEMO_RATE: z.coerce.number().positive().default(5),

    // The collector (server/collector); defaults from server/collector/defaults.ts.
    EVENTLINE_COLLECTOR: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
    EVENTLINE_COLLECTOR_INCLUDE: patternList.optional(),
    EVENTLINE_COLLECTOR_EXCLUDE: patternList.optional(),
    EVENTLINE_COLLECTOR_GROUP: z.string().min(1).default(defaultCollectorOptions.groupId),
    EVENTLINE_COLLECTOR_CLUSTER: z.string().min(1).default(defaultCollectorOptions.cluster),
    EVENTLINE_COLLECTOR_PREVIEW_BYTES: z.coerce.number().int().min(256, 'must be at least 256').default(defaultLimits.payloadPreviewBytes),
    EVENTLINE_COLLECTOR_TOPIC_REFRESH_MS: positiveMs(100).default(defaultCollectorOptions.topicRefreshMs),
    EVENTLINE_COLLECTOR_SESSION_TIMEOUT_MS: positiveMs(1000).default(defaultCollectorOptions.sessionTimeoutMs),
  })
  .superRefine((c, ctx) => {
    if (c.KAFKA_SASL_MECHANISM && (!c.KAFKA_SASL_USERNAME || !c.KAFKA_SASL_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SASL_USERNAME'],
        message: 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required when KAFKA_SASL_MECHANISM is set',
      });
    }
    if (Boolean(c.SCHEMA_REGISTRY_USERNAME) !== Boolean(c.SCHEMA_REGISTRY_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SCHEMA_REGISTRY_USERNAME'],
        message: 'SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD go together (basic auth)',
      });
    }
    if (Boolean(c.KAFKA_SSL_CERT_FILE) !== Boolean(c.KAFKA_SSL_KEY_FILE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SSL_CERT_FILE'],
        message: 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (client certificate and its key)',
      });
    }
  });

export type EventlineConfig = z.infer<typeof configSchema>;
/** Names of the settings that are secrets: never logged, never sent to a browser. */
export const secretSettings = ['KAFKA_SASL_PASSWORD', 'SCHEMA_REGISTRY_PASSWORD', 'EVENTLINE_ADMIN_PASSWORD', 'DATABASE_URL', 'REDIS_URL'] as const;
