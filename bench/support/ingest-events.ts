// The events of the collector benches (collector-ingest through Kafka, collector-extract
// without it): 1 KB JSON bodies with CloudEvents headers, 10 events per correlation id.

export const EVENTS_PER_TRACE = 10;

/** A 1 KB JSON event with CloudEvents headers and a correlation id shared by 10 events. */
export function ingestEvent(i: number, prefix = 'bench') {
  const body = { id: `ev-${i}`, type: 'bench.Thing', orderId: `o-${Math.floor(i / EVENTS_PER_TRACE)}`, seq: i, pad: '' };
  body.pad = 'x'.repeat(1024 - JSON.stringify(body).length);
  return {
    key: body.orderId,
    value: JSON.stringify(body),
    headers: {
      ce_id: body.id,
      ce_type: 'bench.Thing.v1',
      ce_source: 'bench',
      'x-correlation-id': `${prefix}-${Math.floor(i / EVENTS_PER_TRACE)}`,
      ...(i % EVENTS_PER_TRACE ? { 'x-causation-id': `ev-${i - 1}` } : {}),
    },
  };
}
