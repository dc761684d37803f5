import type { WallHealth } from '@/lib/wall-types';
import { formatCount, formatRate } from '@/components/format/format';
import styles from './wall.module.css';

function Tile(props: { label: string; value: string; bad?: boolean; tone?: 'ok' | 'warn'; note?: string; testId: string }) {
  const valueClass = props.tone === 'ok' ? styles.valueOk : props.tone === 'warn' ? styles.valueWarn : '';
  return (
    <div className={`${styles.tile} ${props.bad ? styles.tileBad : ''}`} data-testid={props.testId} data-bad={props.bad ? 'true' : 'false'}>
      <div className={styles.tileLabel}>{props.label}</div>
      <div className={`${styles.tileValue} ${valueClass}`}>{props.value}</div>
      {props.note ? <div className={styles.tileNote}>{props.note}</div> : <div />}
    </div>
  );
}

const KAFKA_WORD: Record<WallHealth['kafka'], string> = { connected: 'UP', connecting: 'CONNECTING', unreachable: 'DOWN' };
const COLLECTOR_WORD: Record<WallHealth['collector']['state'], string> = { running: 'RUNNING', failing: 'STOPPED', off: 'OFF' };

/** Brokers, partition health, throughput and the collector, one big number each. */
export function HealthBoard({ health }: { health: WallHealth }) {
  const c = health.collector;
  return (
    <div className={styles.tiles} data-testid="wall-board-health">
      <Tile testId="wall-kafka" label="Kafka" value={KAFKA_WORD[health.kafka]} bad={health.kafka === 'unreachable'} tone={health.kafka === 'connected' ? 'ok' : 'warn'} note={health.kafkaError ?? health.clusterName ?? undefined} />
      <Tile testId="wall-brokers" label="Brokers" value={formatCount(health.brokers)} bad={health.kafka === 'connected' && health.brokers === 0} note={health.controllerId !== null ? `controller ${health.controllerId}` : undefined} />
      <Tile testId="wall-under-replicated" label="Under-replicated partitions" value={formatCount(health.underReplicatedPartitions)} bad={health.underReplicatedPartitions > 0} tone={health.underReplicatedPartitions ? undefined : 'ok'} note={`of ${formatCount(health.partitionCount)}`} />
      <Tile testId="wall-offline" label="Offline partitions" value={formatCount(health.offlinePartitions)} bad={health.offlinePartitions > 0} tone={health.offlinePartitions ? undefined : 'ok'} note={`${formatCount(health.topicCount)} topics`} />
      <Tile testId="wall-in-rate" label="Messages in" value={formatRate(health.messagesInPerSecond)} note="per second, all topics" />
      <Tile testId="wall-out-rate" label="Messages consumed" value={formatRate(health.messagesOutPerSecond)} note="per second, all groups" />
      <Tile testId="wall-collector" label="Collector" value={COLLECTOR_WORD[c.state]} bad={c.state === 'failing'} tone={c.state === 'running' ? 'ok' : 'warn'} note={c.lastError ?? (c.state === 'running' ? `${formatRate(c.eventsPerSecond)} events/s` : undefined)} />
    </div>
  );
}
