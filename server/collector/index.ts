export { createCollector, type Collector, type CollectorOptions, type CollectorStats, type StoredBatch } from './collector';
export { collectorOptionsFromEnv } from './options-from-env';
export { defaultCollectorOptions, defaultConventions, defaultLimits } from './defaults';
export { extractEvent, traceIdOf, type RawRecord } from './extract';
export type { EventRow, Problem } from './types';
