import type { Logger } from '../log/logger';
import { createClusterReader } from './cluster-reader';
import { createKafka, type KafkaConnectionSettings } from './kafka-client';
import { createGroupReader } from './group-reader';
import { createTopicAdmin } from './topic-admin';
import { createRecordReader } from './record-reader';
import { createRecordWriter } from './record-writer';

export type { RawClusterState, RawTopic, RawPartition, CreateTopicRequest } from './types';
export type { RawGroup, RawGroupMember, RecordPeek, RecordPeekRequest } from './group-reader';
export * from './kafka-errors';
export { connectionSettingsFromConfig, type KafkaConnectionSettings } from './kafka-client';
export type { RecordReader, RawRecord } from './record-reader';
export type { RecordWriter, OutgoingRecord } from './record-writer';

/** Process-wide count of Kafka services, so a test can prove there is exactly one. */
let liveServices = 0;
export const kafkaServiceCount = () => liveServices;

/**
 * The typed facade over the cluster that every other domain uses. There is one per
 * process (server/main.ts makes it); nothing outside server/kafka imports kafkajs for
 * admin work.
 */
export function createKafkaService(settings: KafkaConnectionSettings, log: Logger) {
  const kafka = createKafka(settings, log.child('kafkajs'));
  const reader = createClusterReader(kafka, settings.brokers);
  const topics = createTopicAdmin(kafka, settings.brokers);
  const groups = createGroupReader(kafka, settings.brokers);
  liveServices += 1;
  let closed = false;
  return {
    brokers: settings.brokers,
    /** The kafkajs client, for domains that consume or produce (collector, replay). */
    client: kafka,
    readCluster: reader.readCluster,
    /** Topic names only (one Metadata request); readCluster adds every partition's watermarks. */
    listTopicNames: reader.listTopicNames,
    createTopic: topics.createTopic,
    deleteTopic: topics.deleteTopic,
    /** Consumer groups, committed offsets, record peeks and offset writes (server/lag). */
    readGroups: groups.readGroups,
    peekRecords: groups.peekRecords,
    setGroupOffsets: groups.resetOffsets,
    offsetsForTime: groups.offsetsForTime,
    /**
     * Replay: a reader of record bytes (Fetch to the leaders, no consumer group) and an
     * idempotent writer. Each call makes its own; the caller closes them.
     */
    recordReader: () => createRecordReader(kafka, settings.brokers),
    recordWriter: () => createRecordWriter(kafka, settings.brokers),
    async close() {
      if (closed) return;
      closed = true;
      liveServices -= 1;
      await Promise.all([reader.close(), topics.close(), groups.close()]);
    },
  };
}

export type KafkaService = ReturnType<typeof createKafkaService>;
