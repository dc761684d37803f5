// Words and numbers for the Kafka connection banner, apart from the markup.
import type { KafkaConnectionState } from '@/lib/cluster-types';

/**
 * Whole seconds until the server tries Kafka again. `retryInMs` counts from when we
 * received the state (the server sends it fresh with each push and each snapshot).
 */
export function retrySecondsLeft(receivedAt: number, retryInMs: number, now: number): number {
  return Math.max(0, Math.ceil((receivedAt + retryInMs - now) / 1000));
}

export function connectionHeadline(state: KafkaConnectionState): string {
  switch (state.status) {
    case 'connected':
      return 'Connected to Kafka';
    case 'connecting':
      return 'Connecting to Kafka…';
    case 'unreachable':
      return 'Kafka is unreachable';
  }
}

export function retryLabel(secondsLeft: number): string {
  return secondsLeft > 0 ? `retrying in ${secondsLeft} s` : 'retrying now…';
}
