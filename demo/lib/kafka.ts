// Small helpers around kafkajs shared by the services.
import { Kafka, logLevel, Partitioners, type LogEntry, type Producer } from 'kafkajs';

export type Log = (line: string) => void;

const levelNames: Record<number, string> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs logs every error response at ERROR level, before its own retry recovers from it
 * ("Response Metadata ... not the leader", "group coordinator is not available" while a new
 * broker creates __consumer_offsets). Operations that really fail are reported by their
 * callers, so per-request lines are dropped and the rest is throttled per message.
 */
function kafkajsLogger(clientIdValue: string, log: Log) {
  const quietUntil = new Map<string, number>();
  return () =>
    ({ level, label, log: entry }: LogEntry) => {
      const { message = '', error } = entry as { message?: string; error?: string };
      if (message.startsWith('Response ')) return;
      const now = Date.now();
      if ((quietUntil.get(message) ?? 0) > now) return;
      quietUntil.set(message, now + 10_000);
      log(`[${clientIdValue}] kafkajs ${levelNames[level] ?? label}: ${message}${error ? ` (${error})` : ''}`);
    };
}

/** One kafkajs client per service, as separately deployed services would each have. */
export function createKafka(opts: { brokers: string[]; clientId: string; log: Log }): Kafka {
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogger(opts.clientId, opts.log),
    retry: { initialRetryTime: 100, retries: 8 },
  });
}

export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    // The Java client's partitioner (murmur2 of the key), so a Java service and this demo put
    // the same order id in the same partition.
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
}

/** Waits `ms`, or less if `signal` aborts. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
