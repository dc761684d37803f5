// Small helpers around kafkajs shared by the services.
import { Kafka, logLevel, Partitioners, type LogEntry, type Producer } from 'kafkajs';

export type Log = (line: string) => void;

const levelNames: Record<number, string> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** One kafkajs client per service, as separately deployed services would each have. */
export function createKafka(opts: { brokers: string[]; clientId: string; log: Log }): Kafka {
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log }: LogEntry) => {
        const { message, error } = log as { message?: string; error?: string };
        opts.log(`[${opts.clientId}] kafkajs ${levelNames[level] ?? label}: ${message ?? ''}${error ? ` (${error})` : ''}`);
      },
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
