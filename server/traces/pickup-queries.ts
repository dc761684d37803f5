// When each consumer group picked up each event of a trace: to the millisecond from the
// commits the commit tracker records (consumer_commits), else from the lag history the lag
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
// A lag sample's time is taken as its poll starts and commit times are the broker's clock:
// a sample may see a commit stamped a little after it. Past this, commits were missed.
const SAMPLE_SLACK = `interval '2 seconds'`;

// sg, cg: the groups with lag history, with recorded commits, each by a loose index scan
// of the primary key (one probe per group, not a scan). readers (materialised: once per
// group and partition, not per event): those with a sample or a commit on a partition of
// the trace, with their latest of each, so a group that has not passed an event costs one
// probe. cmt: the first commit past the event (the primary key in offset order: offsets
// only move forward, and only an offset's first commit is kept); cprv: the commit before.
// A commit is trusted when the history reaches back to it — the commit before is there, or
// nothing after the event can have been pruned (kept) — and, unless it came promptly after
// the event and the commit before (k.prompt: then no sample is read), no lag sample saw the
// event passed well before it (commits missed: a dropped batch). Otherwise the samples
// say: nxt, the first sample past the event; prv, the one just before (still not past it,
// or the history does not cover the time); roll: when raw samples are pruned, the first
// minute whose worst lag in seconds says the event's time was already read (the age of
// the oldest unread record is lag_seconds).
const groupsOf = (cte: string, table: string) => `${cte}(g) AS (
  (SELECT group_id FROM ${table} ORDER BY group_id LIMIT 1)
  UNION ALL
  SELECT (SELECT x.group_id FROM ${table} x WHERE x.group_id > ${cte}.g ORDER BY x.group_id LIMIT 1) FROM ${cte} WHERE ${cte}.g IS NOT NULL
)`;
const PICKUP_SQL = `
WITH RECURSIVE
ev AS (SELECT * FROM unnest($1::int8[], $2::text[], $3::int4[], $4::int8[], $5::timestamptz[]) AS u(id, topic, partition, off, ts)),
tp AS (SELECT DISTINCT topic, partition FROM ev),
${groupsOf('sg', 'lag_samples')},
${groupsOf('cg', 'consumer_commits')},
grp AS (SELECT g FROM sg WHERE g IS NOT NULL UNION SELECT g FROM cg WHERE g IS NOT NULL),
readers AS MATERIALIZED (
  SELECT grp.g AS group_id, tp.topic, tp.partition, latest.sampled_at AS latest_at, latest.committed_offset AS latest_committed,
         lc.committed_at AS last_commit_at, lc.committed_offset AS last_commit
  FROM grp CROSS JOIN tp
  LEFT JOIN LATERAL (
    SELECT s.sampled_at, s.committed_offset FROM lag_samples s
    WHERE s.group_id = grp.g AND s.topic = tp.topic AND s.partition = tp.partition ORDER BY s.sampled_at DESC LIMIT 1
  ) latest ON true
  LEFT JOIN LATERAL (
    SELECT c.committed_at, c.committed_offset FROM consumer_commits c
    WHERE c.group_id = grp.g AND c.topic = tp.topic AND c.partition = tp.partition ORDER BY c.committed_offset DESC LIMIT 1
  ) lc ON true
  WHERE latest.sampled_at IS NOT NULL OR lc.committed_at IS NOT NULL
),
kept AS (SELECT min(committed_at) AS since FROM consumer_commits)
SELECT ev.id, ev.ts AS event_at, r.group_id, r.latest_at, r.last_commit_at, coalesce(r.latest_committed > ev.off, false) AS passed,
       nxt.sampled_at AS next_at, prv.sampled_at AS prev_at,
       (prv.sampled_at IS NOT NULL AND (prv.committed_offset IS NULL OR prv.committed_offset <= ev.off)) AS prev_before,
       roll.bucket_start AS roll_start, roll.bucket_start + roll.step_ms * interval '1 millisecond' AS roll_end,
       cmt.committed_at AS commit_at, cprv.committed_at AS commit_prev_at,
       coalesce(k.trusted AND (k.prompt OR nxt.sampled_at IS NULL OR cmt.committed_at <= nxt.sampled_at + ${SAMPLE_SLACK}), false) AS commit_exact
FROM ev JOIN readers r ON r.topic = ev.topic AND r.partition = ev.partition
CROSS JOIN kept
LEFT JOIN LATERAL (
  SELECT c.committed_at FROM consumer_commits c
  WHERE r.last_commit > ev.off AND c.group_id = r.group_id AND c.topic = ev.topic AND c.partition = ev.partition AND c.committed_offset > ev.off
  ORDER BY c.committed_offset LIMIT 1
) cmt ON true
LEFT JOIN LATERAL (
  SELECT c.committed_at FROM consumer_commits c
  WHERE cmt.committed_at IS NOT NULL AND c.group_id = r.group_id AND c.topic = ev.topic AND c.partition = ev.partition AND c.committed_offset <= ev.off
  ORDER BY c.committed_offset DESC LIMIT 1
) cprv ON true
CROSS JOIN LATERAL (
  SELECT cmt.committed_at IS NOT NULL AND (cprv.committed_at IS NOT NULL OR ev.ts >= kept.since) AS trusted,
         cmt.committed_at <= greatest(cprv.committed_at, ev.ts) + ${SAMPLE_SLACK} AS prompt
) k
LEFT JOIN LATERAL (
  SELECT s.sampled_at FROM lag_samples s
  WHERE NOT coalesce(k.trusted AND k.prompt, false) AND r.latest_committed > ev.off AND s.group_id = r.group_id AND s.topic = ev.topic AND s.partition = ev.partition
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
  event_at: Date;
  group_id: string;
  latest_at: Date | null;
  last_commit_at: Date | null;
  passed: boolean;
  next_at: Date | null;
  prev_at: Date | null;
  prev_before: boolean;
  roll_start: Date | null;
  roll_end: Date | null;
  commit_at: Date | null;
  commit_prev_at: Date | null;
  commit_exact: boolean;
}

function toPickup(r: PickupRow): EventPickup {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  if (r.commit_exact && r.commit_at) {
    // Read after the commit before it (when that was after the event) and by this commit.
    const after = r.commit_prev_at && r.commit_prev_at > r.event_at ? r.commit_prev_at : r.event_at;
    return { groupId: r.group_id, state: 'picked', at: r.commit_at.toISOString(), afterAt: (after < r.commit_at ? after : r.commit_at).toISOString(), source: 'commit' };
  }
  if (!r.latest_at) {
    // Only commits, and none that can be trusted for this event: past it, or not yet.
    if (r.commit_at) return { groupId: r.group_id, state: 'unknown', at: r.commit_at.toISOString(), afterAt: null, source: 'commit' };
    return { groupId: r.group_id, state: 'waiting', at: r.last_commit_at!.toISOString(), afterAt: null, source: 'commit' };
  }
  return fromSamples(r, r.latest_at, iso);
}

function fromSamples(r: PickupRow, latestAt: Date, iso: (d: Date | null) => string | null): EventPickup {
  const source = 'lag-sample';
  // Past it, but not in any sample since the event's time: read before that (a skewed clock).
  if (!r.next_at) return { groupId: r.group_id, state: r.passed ? 'unknown' : 'waiting', at: latestAt.toISOString(), afterAt: null, source };
  if (r.prev_before) return { groupId: r.group_id, state: 'picked', at: r.next_at.toISOString(), afterAt: iso(r.prev_at), source };
  if (r.roll_end && r.roll_start) {
    const at = r.roll_end < r.next_at ? r.roll_end : r.next_at;
    return { groupId: r.group_id, state: 'estimated', at: at.toISOString(), afterAt: r.roll_start.toISOString(), source };
  }
  return { groupId: r.group_id, state: 'unknown', at: r.next_at.toISOString(), afterAt: null, source };
}

/** Pickups of the given events by every group with commits or lag history on their partitions, by event row id. */
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
