import { readFileSync } from 'node:fs';
import './compression-codecs';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { EventlineConfig } from '../config';
import type { Logger } from '../log/logger';
import { installFetchDecoder } from './install-fetch-decoder';

export interface KafkaConnectionSettings {
  brokers: string[];
  clientId: string;
  ssl?: EventlineConfig['KAFKA_SSL'];
  sslCaFile?: string;
  sslCertFile?: string;
  sslKeyFile?: string;
  sslRejectUnauthorized?: boolean;
  saslMechanism?: EventlineConfig['KAFKA_SASL_MECHANISM'];
  saslUsername?: string;
  saslPassword?: string;
}

export function connectionSettingsFromConfig(c: EventlineConfig, brokers: string[]): KafkaConnectionSettings {
  return {
    brokers,
    clientId: c.KAFKA_CLIENT_ID,
    ssl: c.KAFKA_SSL,
    sslCaFile: c.KAFKA_SSL_CA_FILE,
    sslCertFile: c.KAFKA_SSL_CERT_FILE,
    sslKeyFile: c.KAFKA_SSL_KEY_FILE,
    sslRejectUnauthorized: c.KAFKA_SSL_REJECT_UNAUTHORIZED,
    saslMechanism: c.KAFKA_SASL_MECHANISM,
    saslUsername: c.KAFKA_SASL_USERNAME,
    saslPassword: c.KAFKA_SASL_PASSWORD,
  };
}

/** Builds the kafkajs options; certificate files are read here, once, at start. */
export function kafkaOptions(s: KafkaConnectionSettings, log: Logger): KafkaConfig {
  const tls = s.ssl || s.sslCaFile || s.sslCertFile;
  const sasl: SASLOptions | undefined = s.saslMechanism
    ? ({ mechanism: s.saslMechanism, username: s.saslUsername ?? '', password: s.saslPassword ?? '' } as SASLOptions)
    : undefined;
  return {
    clientId: s.clientId,
    brokers: s.brokers,
    connectionTimeout: 3000,
    requestTimeout: 15000,
    // The cluster watcher owns retrying (with its own back-off and a visible state), so
    // kafkajs gives up quickly instead of hiding an outage behind minutes of retries.
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    ssl: tls
      ? {
          rejectUnauthorized: s.sslRejectUnauthorized ?? true,
          ca: s.sslCaFile ? [readFileSync(s.sslCaFile, 'utf8')] : undefined,
          cert: s.sslCertFile ? readFileSync(s.sslCertFile, 'utf8') : undefined,
          key: s.sslKeyFile ? readFileSync(s.sslKeyFile, 'utf8') : undefined,
        }
      : undefined,
    sasl,
    logLevel: logLevel.WARN,
    // kafkajs logs every failed connection attempt; during an outage that is a line
    // per retry. They go to debug, and the watcher logs one line per state change.
    logCreator: () => (entry) => {
      const { message, ...rest } = entry.log;
      const fields = { ...rest, namespace: entry.namespace } as Record<string, unknown>;
      delete fields.timestamp;
      delete fields.logger;
      log.debug(String(message), fields);
    },
  };
}

/**
 * Every Kafka client the app makes comes from here, so this is where our Fetch decoder
 * replaces kafkajs's (process-wide, once): the collector's consumer and the readers all
 * decode Fetch answers with it.
 */
export function createKafka(s: KafkaConnectionSettings, log: Logger): Kafka {
  installFetchDecoder();
  return new Kafka(kafkaOptions(s, log));
}
