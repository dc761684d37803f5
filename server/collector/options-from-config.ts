import type { EventlineConfig } from '../config';
import type { CollectorOptions } from './collector';
import { defaultLimits } from './defaults';

const patterns = (list: string) => list.split(',').map((p) => p.trim()).filter(Boolean).map((p) => new RegExp(p));

/**
 * The collector's options from the parsed configuration (EVENTLINE_COLLECTOR_* in
 * server/config's schema and README's table, which hold the defaults). Include and
 * exclude stay unset when not configured, so the collector's own defaults apply.
 */
export function collectorOptionsFromConfig(config: EventlineConfig): Partial<CollectorOptions> {
  return {
    ...(config.EVENTLINE_COLLECTOR_INCLUDE ? { include: patterns(config.EVENTLINE_COLLECTOR_INCLUDE) } : {}),
    ...(config.EVENTLINE_COLLECTOR_EXCLUDE ? { exclude: patterns(config.EVENTLINE_COLLECTOR_EXCLUDE) } : {}),
    groupId: config.EVENTLINE_COLLECTOR_GROUP,
    cluster: config.EVENTLINE_COLLECTOR_CLUSTER,
    limits: { ...defaultLimits, payloadPreviewBytes: config.EVENTLINE_COLLECTOR_PREVIEW_BYTES },
    topicRefreshMs: config.EVENTLINE_COLLECTOR_TOPIC_REFRESH_MS,
    sessionTimeoutMs: config.EVENTLINE_COLLECTOR_SESSION_TIMEOUT_MS,
  };
}
