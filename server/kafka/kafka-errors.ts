import { EventlineError } from '../../lib/eventline-error';

export class KafkaUnavailableError extends EventlineError {
  constructor(readonly brokers: string[], reason: string, cause?: unknown) {
    super(`Kafka is unreachable at ${brokers.join(', ')}: ${reason}. Eventline keeps retrying; check the brokers and KAFKA_BROKERS.`, {
      code: 'KAFKA_UNAVAILABLE',
      retriable: true,
      httpStatus: 503,
      cause,
    });
  }
}

export class TopicNotFoundError extends EventlineError {
  constructor(readonly topic: string) {
    super(`Topic "${topic}" does not exist on this cluster.`, { code: 'TOPIC_NOT_FOUND', httpStatus: 404 });
  }
}

export class TopicAlreadyExistsError extends EventlineError {
  constructor(readonly topic: string) {
    super(`Topic "${topic}" already exists.`, { code: 'TOPIC_EXISTS', httpStatus: 409 });
  }
}

export class InvalidTopicRequestError extends EventlineError {
  constructor(message: string) {
    super(message, { code: 'INVALID_TOPIC_REQUEST', httpStatus: 422 });
  }
}

export class KafkaRequestError extends EventlineError {
  constructor(message: string, retriable: boolean, cause?: unknown) {
    super(message, { code: 'KAFKA_REQUEST_FAILED', retriable, httpStatus: retriable ? 503 : 400, cause });
  }
}

/**
 * An offset outside a partition's log. Reading wants a record there, so the range is
 * [logStart, logEnd); a group's committed offset may also sit at the log end (nothing
 * left to read), so an offset reset passes `{ endIncluded: true }`.
 */
export class OffsetOutOfRangeError extends EventlineError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly logStart: number,
    readonly logEnd: number,
    opts: { endIncluded?: boolean } = {},
  ) {
    const where = `partition ${partition} of "${topic}"`;
    super(
      opts.endIncluded
        ? `Offset ${offset} is outside ${where}: valid offsets are ${logStart} to ${logEnd} (the log start to the log end).`
        : logStart === logEnd
          ? `Partition ${partition} of "${topic}" holds no records (next offset ${logEnd}), so offset ${offset} cannot be read.`
          : `Offset ${offset} is outside ${where}: readable offsets are ${logStart} to ${logEnd - 1}.`,
      { code: 'OFFSET_OUT_OF_RANGE', httpStatus: 400 },
    );
  }
}

const connectionErrorNames = new Set([
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSConnectionClosedError',
  'KafkaJSLockTimeout',
]);

/**
 * The one place kafkajs errors become Eventline errors. Everything above server/kafka
 * sees only EventlineError subclasses, so another client library could replace kafkajs.
 */
export function translateKafkaError(err: unknown, ctx: { brokers: string[]; topic?: string }): EventlineError {
  if (err instanceof EventlineError) return err;
  const undecodable = findUndecodableBatch(err);
  if (undecodable) return undecodable;
  const e = err as { name?: string; type?: string; message?: string; retriable?: boolean; originalError?: unknown; cause?: unknown };
  const inner = (e.originalError ?? e.cause) as { name?: string; type?: string; message?: string } | undefined;
  const type = e.type ?? inner?.type;
  if (type === 'UNKNOWN_TOPIC_OR_PARTITION' && ctx.topic) return new TopicNotFoundError(ctx.topic);
  if (type === 'TOPIC_ALREADY_EXISTS' && ctx.topic) return new TopicAlreadyExistsError(ctx.topic);
  if (type === 'INVALID_TOPIC_EXCEPTION' || type === 'INVALID_PARTITIONS' || type === 'INVALID_REPLICATION_FACTOR') {
    return new InvalidTopicRequestError(e.message ?? type);
  }
  if (connectionErrorNames.has(e.name ?? '') || connectionErrorNames.has(inner?.name ?? '')) {
    return new KafkaUnavailableError(ctx.brokers, describeCause(e), err);
  }
  return new KafkaRequestError(`Kafka refused the request: ${e.message ?? String(err)}`, Boolean(e.retriable), err);
}

function describeCause(e: { message?: string; originalError?: unknown; cause?: unknown }): string {
  const inner = (e.originalError ?? e.cause) as { message?: string } | undefined;
  return inner?.message && inner.message !== e.message ? `${e.message} (${inner.message})` : (e.message ?? 'unknown error');
}

/**
 * A record batch that cannot be decompressed: corrupt bytes, or a codec id Kafka does not
 * define. Thrown from inside kafkajs's Fetch decoding (compression-codecs.ts), where the
 * topic and partition are not known; readers that know them add them with `at()`.
 * Not retriable: the same bytes fail the same way until retention removes them.
 */
export class UndecodableBatchError extends EventlineError {
  constructor(
    readonly codec: string,
    readonly reason: string,
    /** The batch's first offset when it could be read from its header, else null. */
    readonly baseOffset: string | null,
    readonly where: { topic: string; partition: number } | null = null,
  ) {
    super(
      `${where ? `Partition ${where.partition} of "${where.topic}" holds a` : 'A'} ${codec} record batch${baseOffset !== null ? ` at offset ${baseOffset}` : ''} that cannot be decoded (${reason}). ` +
        'Records from that batch on cannot be read until it is deleted by retention or the partition is truncated.',
      { code: 'UNDECODABLE_BATCH', retriable: false, httpStatus: 422 },
    );
  }

  at(topic: string, partition: number): UndecodableBatchError {
    return new UndecodableBatchError(this.codec, this.reason, this.baseOffset, { topic, partition });
  }
}

/** The UndecodableBatchError somewhere in a kafkajs error chain (kafkajs wraps errors in retries), if any. */
export function findUndecodableBatch(err: unknown): UndecodableBatchError | null {
  for (let e = err as { cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 8; depth++) {
    if (e instanceof UndecodableBatchError) return e;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return null;
}

/**
 * The installed kafkajs is not shaped like the 2.2.4 whose internals Eventline reaches
 * into (server/kafka): thrown at start, before any request, rather than misreading answers.
 */
export class KafkajsInternalsChangedError extends EventlineError {
  constructor(readonly what: string) {
    super(
      `kafkajs internals changed: ${what}. Eventline patches kafkajs 2.2.4's internals; pin kafkajs to 2.2.4 in package.json, ` +
        'or port server/kafka/install-fetch-decoder.ts (and kafkajs-internals.ts) to the installed version.',
      { code: 'KAFKAJS_INTERNALS_CHANGED', retriable: false },
    );
  }
}
