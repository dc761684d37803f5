import { z } from 'zod';
import type { CollectorOptions } from './collector';
import { defaultCollectorOptions, defaultLimits } from './defaults';

const patterns = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean).map((p) => new RegExp(p)));

/**
 * The collector's settings from the environment (all optional):
 * | variable | default | meaning |
 * |---|---|---|
 * | EVENTLINE_COLLECTOR | on | `off` to not run the collector inside the server |
 * | EVENTLINE_COLLECTOR_INCLUDE | `.*` | comma-separated regexes of topics to read |
 * | EVENTLINE_COLLECTOR_EXCLUDE | internal topics | comma-separated regexes of topics to skip (replaces the default) |
 * | EVENTLINE_COLLECTOR_GROUP | eventline-collector | consumer group shared by collector processes |
 * | EVENTLINE_COLLECTOR_CLUSTER | default | cluster name stored with the events |
 * | EVENTLINE_COLLECTOR_PREVIEW_BYTES | 65536 | payload preview cap |
 * | EVENTLINE_COLLECTOR_TOPIC_REFRESH_MS | 10000 | how often new topics are picked up |
 * | EVENTLINE_COLLECTOR_SESSION_TIMEOUT_MS | 30000 | how long a crashed collector holds its partitions (broker minimum 6000) |
 */
const envSchema = z.object({
  EVENTLINE_COLLECTOR_INCLUDE: patterns.optional(),
  EVENTLINE_COLLECTOR_EXCLUDE: patterns.optional(),
  EVENTLINE_COLLECTOR_GROUP: z.string().min(1).optional(),
  EVENTLINE_COLLECTOR_CLUSTER: z.string().min(1).optional(),
  EVENTLINE_COLLECTOR_PREVIEW_BYTES: z.coerce.number().int().min(256).optional(),
  EVENTLINE_COLLECTOR_TOPIC_REFRESH_MS: z.coerce.number().int().min(100).optional(),
  EVENTLINE_COLLECTOR_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1000).optional(),
});

export function collectorOptionsFromEnv(env: Record<string, string | undefined> = process.env): Partial<CollectorOptions> {
  const e = envSchema.parse(env);
  const out: Partial<CollectorOptions> = {};
  if (e.EVENTLINE_COLLECTOR_INCLUDE) out.include = e.EVENTLINE_COLLECTOR_INCLUDE;
  if (e.EVENTLINE_COLLECTOR_EXCLUDE) out.exclude = e.EVENTLINE_COLLECTOR_EXCLUDE;
  out.groupId = e.EVENTLINE_COLLECTOR_GROUP ?? defaultCollectorOptions.groupId;
  out.cluster = e.EVENTLINE_COLLECTOR_CLUSTER ?? defaultCollectorOptions.cluster;
  if (e.EVENTLINE_COLLECTOR_PREVIEW_BYTES) out.limits = { ...defaultLimits, payloadPreviewBytes: e.EVENTLINE_COLLECTOR_PREVIEW_BYTES };
  if (e.EVENTLINE_COLLECTOR_TOPIC_REFRESH_MS) out.topicRefreshMs = e.EVENTLINE_COLLECTOR_TOPIC_REFRESH_MS;
  if (e.EVENTLINE_COLLECTOR_SESSION_TIMEOUT_MS) out.sessionTimeoutMs = e.EVENTLINE_COLLECTOR_SESSION_TIMEOUT_MS;
  return out;
}
