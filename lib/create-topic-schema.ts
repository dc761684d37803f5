// The create-topic rules, once for both sides: the form checks them before a round trip,
// POST /api/topics checks them again. They say what Kafka itself would refuse.
import { z } from 'zod';

/** Kafka's own limits on topic names (kafka.common.internals.Topic). */
export const TOPIC_NAME_MAX = 249;
const TOPIC_NAME_CHARS = /^[a-zA-Z0-9._-]+$/;
/** A sanity bound: more than this on one topic is almost always a typo. */
export const MAX_PARTITIONS = 10_000;

/** `brokerCount` bounds the replication factor; null when the cluster's size is not known yet. */
export function createTopicSchema(brokerCount: number | null) {
  const maxReplication = brokerCount && brokerCount > 0 ? brokerCount : Number.MAX_SAFE_INTEGER;
  return z.object({
    name: z
      .string()
      .trim()
      .min(1, 'Enter a topic name')
      .max(TOPIC_NAME_MAX, `At most ${TOPIC_NAME_MAX} characters`)
      .regex(TOPIC_NAME_CHARS, 'Use letters, digits, ".", "_" and "-" only')
      .refine((n) => n !== '.' && n !== '..', '"." and ".." are not valid topic names'),
    partitions: z.coerce
      .number<unknown>()
      .int('Whole numbers only')
      .min(1, 'At least 1 partition')
      .max(MAX_PARTITIONS, `At most ${MAX_PARTITIONS.toLocaleString('en-US')} partitions`),
    replicationFactor: z.coerce
      .number<unknown>()
      .int('Whole numbers only')
      .min(1, 'At least 1')
      .max(
        maxReplication,
        `At most ${maxReplication} (the cluster has ${maxReplication} broker${maxReplication === 1 ? '' : 's'})`,
      ),
    /** Topic configs (cleanup.policy, retention.ms, …); the form does not send any yet. */
    configs: z.record(z.string(), z.string()).optional(),
  });
}

export type CreateTopicFields = 'name' | 'partitions' | 'replicationFactor';
export type FieldErrors = Partial<Record<CreateTopicFields, string>>;

/** First message per field, for showing next to each input. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    if ((key === 'name' || key === 'partitions' || key === 'replicationFactor') && !out[key]) {
      out[key] = issue.message;
    }
  }
  return out;
}

/** A sensible default: 3 replicas where the cluster has them, fewer on small clusters. */
export function defaultReplicationFactor(brokerCount: number | null): number {
  if (!brokerCount || brokerCount < 1) return 1;
  return Math.min(3, brokerCount);
}
