import { BUILT_IN_CONVENTIONS, type IdConvention } from './conventions/id-conventions';
import type { ExtractLimits } from './types';

/** The id conventions read out of the box, in order of precedence (conventions/id-conventions.ts). */
export const defaultConventions: IdConvention[] = BUILT_IN_CONVENTIONS;

export const defaultLimits: ExtractLimits = {
  payloadPreviewBytes: 64 * 1024,
  headerValueBytes: 4 * 1024,
  maxHeaders: 64,
  keyBytes: 1024,
};

/**
 * | option | default | meaning |
 * |---|---|---|
 * | include | `[/.*​/]` | topic patterns to read |
 * | exclude | internal topics (`__*`, `_schemas`, `*-changelog`, `*-repartition`) | topic patterns to skip |
 * | groupId | `eventline-collector` | the collectors' consumer group; processes with one group share partitions |
 * | cluster | `default` | the cluster name stored with each event |
 * | topicRefreshMs | 10 000 | how often new topics are looked for |
 * | sessionTimeoutMs | 30 000 | how long a crashed process holds its partitions (broker minimum 6 000) |
 * | maxWaitTimeInMs | 250 | fetch wait: low so that a backlog drains quickly |
 * | fromBeginning | true | where a partition with no stored position starts |
 * | duplicateSampleEvery | 16 | event ids checked for duplicates: 1 in this many, by hash (a power of two; event-store.ts says why) |
 * | restartInitialMs / restartMaxMs | 1 000 / 30 000 | back-off before a crashed consumer is replaced (doubling) |
 * | waitCheckInitialMs / waitCheckMaxMs | 5 000 / 300 000 | back-off before a partition held up by an undecodable batch is read again |
 */
export const defaultCollectorOptions = {
  include: [/.*/] as RegExp[],
  exclude: [/^__/, /^_schemas$/, /-changelog$/, /-repartition$/] as RegExp[],
  groupId: 'eventline-collector',
  cluster: 'default',
  topicRefreshMs: 10_000,
  sessionTimeoutMs: 30_000,
  maxWaitTimeInMs: 250,
  fromBeginning: true,
  restartInitialMs: 1000,
  restartMaxMs: 30_000,
  waitCheckInitialMs: 5000,
  waitCheckMaxMs: 300_000,
  duplicateSampleEvery: 16,
};

/** A topic is a dead-letter or retry topic by its name (in lib/: the flow map draws them apart). */
export { DLQ_TOPIC, RETRY_TOPIC } from '../../lib/topic-roles';
