export { createCollector, type Collector, type CollectorOptions, type CollectorStats, type StoredBatch } from './collector';
export { collectorOptionsFromConfig } from './options-from-config';
export { defaultCollectorOptions, defaultConventions, defaultLimits } from './defaults';
export { extractEvent, traceIdOf, type RawRecord } from './extract';
export type { EventRow, Problem } from './types';
