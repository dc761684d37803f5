export { createLagMonitor, type LagMonitor, type LagMonitorOptions, type CycleResult } from './lag-monitor';
export { createLagHistory, type LagHistory, type LagRetention, DEFAULT_RETENTION } from './lag-history';
export { createOffsetReset, offsetResetSchema, type OffsetReset } from './offset-reset';
export { evaluatePartition, evaluateGroup } from './evaluate-status';
export { renderMetrics } from './metrics';
export { createCommitTracker, type CommitTracker, type CommitSource } from './commit-tracker';
