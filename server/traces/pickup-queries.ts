// When each consumer group picked up each event of a trace, from the lag history the lag
// monitor records (lag_samples, and lag_rollups once raw samples are pruned). One
// statement for all events of a trace: a trace of 10,000 events is one round trip.
import type { EventPickup } from '../../lib/trace-types';
import type { SqlExecutor } from '../store';

/** What a pickup needs of an event: its row id and where it sits in Kafka. */
export interface PickupEvent {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
}

// A commit is looked for from a little before the event's timestamp (producer clocks
// drift), but only a little: each probe walks the samples from there. When a skewed clock
// puts the pass before that, the sample just before says so and the pickup is "unknown".
const CLOCK_SLACK = `interval '10 seconds'`;

// grp: the groups with lag history, by a loose index scan of the primary key (one probe
// per group, not a scan of the samples). readers (materialised: once per group and
// partition, not per event): those with a sample on a partition of the trace, with their latest sample, so a group that has not passed an event costs one
// probe, not a scan of its history. nxt: the first sample past the event; prv: the one
// just before (still not past it, or the history does not cover the time); roll: when
// raw samples are pruned, the first minute whose worst lag in seconds says the event's
// time was already read (the age of the oldest unread record is lag_seconds).
const PICKUP_SQL = `
WITH RECURSIVE
ev AS (SELECT * FROM unnest($1::int8[], $2::text[], $3::int4[], $4::int8[], $5::timestamptz[]) AS u(id, topic, partition, off, ts)),
tp AS (SELECT DISTINCT topic, partition FROM ev),
grp AS (
  (SELECT group_id AS g FROM lag_samples ORDER BY group_id LIMIT 1)
  UNION ALL
  SELECT (SELECT s.group_id FROM lag_samples s WHERE s.group_id > grp.g ORDER BY s.group_id LIMIT 1) FROM grp WHERE grp.g IS NOT NULL
),
readers AS MATERIALIZED (
  SELECT grp.g AS group_id, tp.topic, tp.partition, latest.sampled_at AS latest_at, latest.committed_offset AS latest_committed
  FROM grp CROSS JOIN tp
  CROSS JOIN LATERAL (
    SELECT s.sampled_at, s.committed_offset FROM lag_samples s
    WHERE s.group_id = grp.g AND s.topic = tp.topic AND s.partition = tp.partition ORDER BY s.sampled_at DESC LIMIT 1
  ) latest
  WHERE grp.g IS NOT NULL
)
SELECT ev.id, r.group_id, r.latest_at, coalesce(r.latest_committed > ev.off, false) AS passed, nxt.sampled_at AS next_at, prv.sampled_at AS prev_at,
       (prv.sampled_at IS NOT NULL AND (prv.committed_offset IS NULL OR prv.committed_offset <= ev.off)) AS prev_before,
       roll.bucket_start AS roll_start, roll.bucket_start + roll.step_ms * interval '1 millisecond' AS roll_end
FROM ev JOIN readers r ON r.topic = ev.topic AND r.partition = ev.partition
LEFT JOIN LATERAL (
  SELECT s.sampled_at FROM lag_samples s
  WHERE r.latest_committed > ev.off AND s.group_id = r.group_id AND s.topic = ev.topic AND s.partition = ev.partition
    AND s.sampled_at >= ev.ts - ${CLOCK_SLACK} AND s.committed_offset > ev.off
  ORDER BY s.sampled_at LIMIT 1
) nxt ON true
LEFT JOIN LATERAL (
  SELECT s.sampled_at, s.committed_offset FROM lag_samples s
  WHERE nxt.sampled_at IS NOT NULL AND s.group_id = r.group_id AND s.topic = ev.topic AND s.partition = ev.partition AND s.sampled_at < nxt.sampled_at
  ORDER BY s.sampled_at DESC LIMIT 1
) prv ON true
LEFT JOIN LATERAL (
  SELECT ro.bucket_start, ro.step_ms FROM lag_rollups ro
  WHERE nxt.sampled_at IS NOT NULL AND NOT (prv.sampled_at IS NOT NULL AND (prv.committed_offset IS NULL OR prv.committed_offset <= ev.off))
    AND ro.group_id = r.group_id AND ro.topic = ev.topic AND ro.partition = ev.partition AND ro.step_ms = 60000
    AND ro.bucket_start >= ev.ts AND ro.bucket_start < nxt.sampled_at
    AND ro.lag_seconds IS NOT NULL AND ro.bucket_start - ro.lag_seconds * interval '1 second' > ev.ts
  ORDER BY ro.bucket_start LIMIT 1
) roll ON true
ORDER BY ev.id, r.group_id`;

interface PickupRow {
  id: bigint;
  group_id: string;
  latest_at: Date;
  passed: boolean;
  next_at: Date | null;
  prev_at: Date | null;
  prev_before: boolean;
  roll_start: Date | null;
  roll_end: Date | null;
}

function toPickup(r: PickupRow): EventPickup {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  // Past it, but not in any sample since the event's time: read before that (a skewed clock).
  if (!r.next_at) return { groupId: r.group_id, state: r.passed ? 'unknown' : 'waiting', at: r.latest_at.toISOString(), afterAt: null };
  if (r.prev_before) return { groupId: r.group_id, state: 'picked', at: r.next_at.toISOString(), afterAt: iso(r.prev_at) };
  if (r.roll_end && r.roll_start) {
    const at = r.roll_end < r.next_at ? r.roll_end : r.next_at;
    return { groupId: r.group_id, state: 'estimated', at: at.toISOString(), afterAt: r.roll_start.toISOString() };
  }
  return { groupId: r.group_id, state: 'unknown', at: r.next_at.toISOString(), afterAt: null };
}

/** Pickups of the given events by every group with lag history on their partitions, by event row id. */
export async function loadPickups(sql: SqlExecutor, events: PickupEvent[]): Promise<Record<string, EventPickup[]>> {
  const out: Record<string, EventPickup[]> = {};
  if (events.length === 0) return out;
  const params = [events.map((e) => e.id), events.map((e) => e.topic), events.map((e) => e.partition), events.map((e) => e.offset), events.map((e) => e.timestamp)];
  const { rows } = await sql.transaction(async (tx) => {
    // Thousands of short index probes look expensive to the planner, and PostgreSQL would
    // spend longer compiling the query (JIT, ~2 s) than running it.
    await tx.query('SET LOCAL jit = off');
    return tx.query<PickupRow>(PICKUP_SQL, params);
  });
  for (const r of rows) (out[String(r.id)] ??= []).push(toPickup(r));
  return out;
}
