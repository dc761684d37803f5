// The project's own single-node Kafka (KRaft broker+controller in one JVM), started when
// KAFKA_BROKERS is unset, by `npm run kafka`, by the benchmarks and by the int tests.
// Not part of the Kafka facade (server/kafka): it launches a JVM, it does not talk Kafka.
export { startLocalKafka, DEFAULT_KAFKA_VERSION, type LocalKafka, type LocalKafkaOptions } from './local-broker';
export { ensureKafkaJars, eventlineCacheDir, kafkaLibsDir } from './local-broker-jars';
export {
  BrokerNotReadyError,
  DataDirInUseError,
  JavaMissingError,
  JavaTooOldError,
  KafkaJarFetchError,
  KafkaVersionNotFoundError,
  MavenCentralUnreachableError,
  MavenMissingError,
  PortTakenError,
} from './local-broker-errors';
