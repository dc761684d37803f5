// The producer's answer to a leader that moved, driven by the real error code: brokers of
// our own answer Produce with Kafka's response bytes (decodeProduceResponse reads them, kafkajs's
// error table classifies the code). A real leader move needs a second broker, which the local
// test Kafka (one node) does not have; this checks the retry policy, not a cluster.
import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { createIdempotentProducer } from './idempotent-producer';
import type { InternalBroker } from './kafkajs-internals';

const NOT_LEADER_OR_FOLLOWER = 6;
const SEND = Symbol('private:Broker:sendRequest');

/** A Produce v3 response for one partition: what a broker sends back. */
function produceAnswer(topic: string, partition: number, errorCode: number): Buffer {
  const name = Buffer.from(topic);
  const b = Buffer.alloc(4 + 2 + name.length + 4 + 4 + 2 + 8 + 8 + 4);
  let pos = b.writeInt32BE(1, 0);
  pos = b.writeInt16BE(name.length, pos);
  pos += name.copy(b, pos);
  pos = b.writeInt32BE(1, pos);
  pos = b.writeInt32BE(partition, pos);
  pos = b.writeInt16BE(errorCode, pos);
  pos = b.writeBigInt64BE(errorCode ? -1n : 0n, pos);
  b.writeBigInt64BE(-1n, pos);
  return b;
}

interface SentRequest {
  request: { encode(): Promise<{ buffer: Buffer }> };
  response: { decode(b: Buffer): Promise<unknown>; parse(d: unknown): Promise<unknown> };
}

/** A broker that answers every Produce with `code()`, and keeps each request's bytes. */
class AnsweringBroker {
  readonly bodies: Buffer[] = [];
  constructor(private readonly code: () => number) {}
  ids = 0;
  async initProducerId() {
    this.ids += 1;
    return { producerId: String(4241 + this.ids), producerEpoch: 0 };
  }
  async [SEND](req: SentRequest) {
    this.bodies.push(Buffer.from((await req.request.encode()).buffer));
    return req.response.parse(await req.response.decode(produceAnswer('orders', 0, this.code())));
  }
}
/** The record batch in a one-partition Produce v3 body. */
function batchOf(body: Buffer) {
  const at = 14 + body.readInt16BE(12) + 8;
  return body.subarray(at + 4, at + 4 + body.readInt32BE(at));
}
/** Producer id and base sequence of the record batch in a one-partition Produce v3 body (v2 batch header layout). */
function identityOf(body: Buffer) {
  const batch = batchOf(body);
  return { producerId: batch.readBigInt64BE(43), baseSequence: batch.readInt32BE(53) };
}
const asBroker = (b: AnsweringBroker) => b as unknown as InternalBroker;
const records = (n: number) => Array.from({ length: n }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`), headers: [], timestamp: 1_700_000_000_000 + i }));

describe('idempotent producer, leader moved', () => {
  it('asks for fresh metadata on NOT_LEADER_OR_FOLLOWER and sends the same batch (same producer id and sequence) to the new leader', async () => {
    const old = new AnsweringBroker(() => NOT_LEADER_OR_FOLLOWER);
    const moved = new AnsweringBroker(() => 0);
    const asked: boolean[] = [];
    const slept: number[] = [];
    // Metadata as the record writer keeps it: the cached leader until asked afresh.
    let known = old;
    const producer = createIdempotentProducer({
      anyBroker: async () => asBroker(moved),
      leaderOf: async (_topic, _partition, stale) => {
        asked.push(stale);
        if (stale) known = moved;
        return asBroker(known);
      },
      sleep: async (ms) => void slept.push(ms),
    });
    await producer.send([{ topic: 'orders', partition: 0, records: records(3) }]);
    expect(asked).toEqual([false, true]); // the second look refreshed the metadata
    expect(slept).toEqual([200]);
    expect(old.bodies).toHaveLength(1);
    expect(moved.bodies).toHaveLength(1);
    // Byte for byte the same request: whatever the old leader wrote, the broker drops a second copy by sequence.
    expect(moved.bodies[0]!.equals(old.bodies[0]!)).toBe(true);
    expect(identityOf(moved.bodies[0]!)).toEqual({ producerId: 4242n, baseSequence: 0 });

    // The next batch goes on from sequence 3 (the retried one used 0-2), not from a new producer.
    await producer.send([{ topic: 'orders', partition: 0, records: records(1) }]);
    expect(moved.bodies).toHaveLength(2);
    expect(identityOf(moved.bodies[1]!)).toEqual({ producerId: 4242n, baseSequence: 3 });
    expect(asked).toEqual([false, true, false]);
  });

  it('gives up with the error after six tries when no leader takes the batch, instead of waiting forever', async () => {
    const nowhere = new AnsweringBroker(() => NOT_LEADER_OR_FOLLOWER);
    const slept: number[] = [];
    const producer = createIdempotentProducer({
      anyBroker: async () => asBroker(nowhere),
      leaderOf: async () => asBroker(nowhere),
      sleep: async (ms) => void slept.push(ms),
    });
    await expect(producer.send([{ topic: 'orders', partition: 0, records: records(2) }])).rejects.toMatchObject({ type: 'NOT_LEADER_FOR_PARTITION', retriable: true });
    expect(nowhere.bodies).toHaveLength(6);
    expect(slept).toEqual([200, 400, 800, 1_600, 3_200]);
  });

  it('sends a batch the broker lost our producer state for under a new producer id, from sequence 0, the same records with a valid CRC', async () => {
    const UNKNOWN_PRODUCER_ID = 59;
    let answers = 0;
    const broker = new AnsweringBroker(() => (answers++ === 0 ? UNKNOWN_PRODUCER_ID : 0));
    const producer = createIdempotentProducer({ anyBroker: async () => asBroker(broker), leaderOf: async () => asBroker(broker), sleep: async () => {} });
    await producer.send([{ topic: 'orders', partition: 0, records: records(3) }]);
    expect(broker.bodies).toHaveLength(2);
    const [first, second] = broker.bodies.map(batchOf);
    expect(identityOf(broker.bodies[0]!)).toEqual({ producerId: 4242n, baseSequence: 0 });
    expect(identityOf(broker.bodies[1]!)).toEqual({ producerId: 4243n, baseSequence: 0 });
    // Past the identity fields (43–56) the records are the same bytes; the CRC is the new one's.
    expect(second!.subarray(57).equals(first!.subarray(57))).toBe(true);
    expect(second!.readUInt32BE(17)).toBe(crc32c(second!, 21));
  });
});
