// The replay's read retry, driven by Kafka's own error codes: kafkajs's error table makes
// the error a Fetch answer carries, and translateKafkaError (what the record reader runs
// every failure through) makes it an EventlineError, as in a real read.
import protocolErrors from 'kafkajs/src/protocol/error.js';
import { describe, expect, it } from 'vitest';
import { OffsetOutOfRangeError, TopicNotFoundError, translateKafkaError } from '../kafka/kafka-errors';
import { READ_ATTEMPTS, withReadRetry } from './read-retry';

const fromKafka = (code: number) => translateKafkaError(protocolErrors.createErrorFromCode(code), { brokers: ['b:9092'], topic: 'orders' });
const NOT_LEADER_OR_FOLLOWER = 6;
const LEADER_NOT_AVAILABLE = 5;

/** A read that fails with the given errors first, then returns 'records'. */
function failingFirst(errors: unknown[]) {
  let calls = 0;
  const read = async () => {
    const err = errors[calls++];
    if (err) throw err;
    return 'records';
  };
  return { read, calls: () => calls };
}

describe('withReadRetry', () => {
  it('reads again after a moved or missing leader, backing off', async () => {
    const slept: number[] = [];
    const r = failingFirst([fromKafka(NOT_LEADER_OR_FOLLOWER), fromKafka(LEADER_NOT_AVAILABLE)]);
    await expect(withReadRetry(r.read, { sleep: async (ms) => void slept.push(ms) })).resolves.toBe('records');
    expect(r.calls()).toBe(3);
    expect(slept).toEqual([200, 400]);
  });

  it('gives up after READ_ATTEMPTS with the last error', async () => {
    const slept: number[] = [];
    const r = failingFirst(Array.from({ length: 10 }, () => fromKafka(NOT_LEADER_OR_FOLLOWER)));
    await expect(withReadRetry(r.read, { sleep: async (ms) => void slept.push(ms) })).rejects.toMatchObject({ code: 'KAFKA_REQUEST_FAILED', retriable: true });
    expect(r.calls()).toBe(READ_ATTEMPTS);
    expect(slept).toEqual([200, 400, 800, 1_600, 3_200]);
  });

  it('does not retry an answer: records gone, a topic gone, a refused request', async () => {
    for (const err of [new OffsetOutOfRangeError('orders', 0, 5, 10, 20), new TopicNotFoundError('orders'), fromKafka(1), new Error('not ours')]) {
      const r = failingFirst([err]);
      await expect(withReadRetry(r.read, { sleep: async () => undefined })).rejects.toBe(err);
      expect(r.calls()).toBe(1);
    }
  });
});
