export { createCollector, type Collector, type CollectorOptions, type CollectorStats, type StoredBatch } from './collector';
export { collectorOptionsFromConfig } from './options-from-config';
export { defaultCollectorOptions, defaultConventions, defaultLimits } from './defaults';
export { extractEvent, traceIdOf, type RawRecord } from './extract';
export { BUILT_IN_CONVENTIONS, DEAD_LETTER_CONVENTIONS, type IdConvention } from './conventions/id-conventions';
export { createIdReader, type IdReader } from './conventions/read-ids';
export { loadIdConventionsFile, InvalidIdConventionsError } from './conventions/custom-conventions';
export type { EventRow, Problem } from './types';
