import { describe, expect, it } from 'vitest';
import { createIdReader } from './conventions/read-ids';
import { defaultConventions, defaultLimits } from './defaults';
import { extractEvent, traceIdOf, type RawRecord } from './extract';

const reader = createIdReader(defaultConventions);
const rec = (over: Partial<RawRecord>): RawRecord => ({ topic: 't', partition: 0, offset: '7', timestamp: '1700000000000', key: null, value: null, ...over });
const x = (over: Partial<RawRecord>, limits = defaultLimits) => extractEvent(rec(over), reader, limits);

describe('extractEvent', () => {
  it('reads CloudEvents binary headers and x-correlation-id', () => {
    const e = x({
      key: Buffer.from('order-1'),
      value: Buffer.from('{"type":"OrderPlaced","orderId":"o1"}'),
      headers: { ce_id: Buffer.from('e1'), ce_type: Buffer.from('shop.OrderPlaced.v1'), ce_source: Buffer.from('order-service'), 'x-correlation-id': Buffer.from('c1'), 'x-causation-id': Buffer.from('e0') },
    });
    expect(e).toMatchObject({ eventId: 'e1', eventType: 'shop.OrderPlaced.v1', source: 'order-service', correlationId: 'c1', causationId: 'e0', key: 'order-1', payloadEncoding: 'json', problems: [] });
  });
  it('takes the trace id of traceparent when no correlation header is there', () => {
    const e = x({ headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(e.correlationId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
  it('prefers x-correlation-id over traceparent', () => {
    const e = x({ headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'x-correlation-id': 'c9' } });
    expect(e.correlationId).toBe('c9');
  });
  it('flags a malformed traceparent and does not join on it', () => {
    for (const bad of ['00-xyz-1-01', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']) {
      const e = x({ headers: { traceparent: bad } });
      expect(e.correlationId).toBeNull();
      expect(e.problems).toContain('traceparent_malformed');
    }
    expect(traceIdOf(' 00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01 ')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
  it('falls back to payload paths, then to topic/partition/offset', () => {
    const e = x({ value: Buffer.from(JSON.stringify({ metadata: { eventId: 'm1', correlationId: 'mc' }, causationId: 'pc', eventType: 'T' })) });
    expect(e).toMatchObject({ eventId: 'm1', correlationId: 'mc', causationId: 'pc', eventType: 'T' });
    expect(x({ value: Buffer.from('plain text') }).eventId).toBe('t/0/7');
  });
  it('stores binary payloads as flagged base64', () => {
    const e = x({ value: Buffer.from([0, 1, 2, 3, 255, 254, 0, 0]) });
    expect(e.payloadEncoding).toBe('base64');
    expect(e.payloadPreview).toBe(Buffer.from([0, 1, 2, 3, 255, 254, 0, 0]).toString('base64'));
    expect(e.problems).toContain('binary_payload');
  });
  it('flags invalid UTF-8 text', () => {
    const e = x({ value: Buffer.concat([Buffer.from('caf'), Buffer.from([0xc3, 0x28]), Buffer.from(' au lait')]) });
    expect(e.payloadEncoding).toBe('base64');
    expect(e.problems).toContain('invalid_utf8');
  });
  it('flags JSON that does not parse and keeps it as text', () => {
    const e = x({ value: Buffer.from('{"a": 1,') });
    expect(e).toMatchObject({ payloadEncoding: 'utf8', payloadPreview: '{"a": 1,' });
    expect(e.problems).toEqual(['invalid_json']);
  });
  it('caps the preview of a 5 MB record', () => {
    const big = Buffer.from(JSON.stringify({ id: 'big', pad: 'é'.repeat(2_500_000) }));
    const e = x({ value: big });
    expect(Buffer.byteLength(e.payloadPreview!)).toBeLessThanOrEqual(defaultLimits.payloadPreviewBytes);
    expect(e.problems).toContain('payload_truncated');
    expect(e.size).toBe(big.length);
    expect(e.payloadPreview).not.toMatch(/\uFFFD$/);
  });
  it('tames hostile headers: too many, too long, binary, NUL', () => {
    const headers: RawRecord['headers'] = { 'x-correlation-id': Buffer.from('c\u0000d'), huge: Buffer.alloc(100_000, 'a'), bin: Buffer.from([0xff, 0xfe, 0x00]) };
    for (let i = 0; i < 200; i++) headers[`h${i}`] = 'v';
    const e = x({ headers });
    expect(Object.keys(e.headers).length).toBeLessThanOrEqual(defaultLimits.maxHeaders);
    expect(e.headers.huge!.length).toBe(defaultLimits.headerValueBytes);
    expect(e.headers.bin).toMatch(/^base64:/);
    expect(e.correlationId).toBe('cd');
    expect(e.problems).toEqual(expect.arrayContaining(['headers_truncated', 'header_binary']));
    expect(JSON.stringify(e)).not.toContain('\\u0000');
  });
  it('uses the last value of a repeated header and survives a tombstone', () => {
    const e = x({ headers: { ce_id: [Buffer.from('a'), Buffer.from('b')] } });
    expect(e).toMatchObject({ eventId: 'b', payloadEncoding: 'none', payloadPreview: null, payloadHash: null });
  });
  it('reads a convention header past the stored headers, and the last of names that differ in case', () => {
    const headers: RawRecord['headers'] = {};
    for (let i = 0; i < defaultLimits.maxHeaders; i++) headers[`h${i}`] = 'v';
    headers['X-Correlation-Id'] = Buffer.from('first');
    headers['x-correlation-id'] = Buffer.from('last');
    headers.TraceParent = 'not-a-traceparent';
    const e = x({ headers });
    expect(e.headers['x-correlation-id']).toBeUndefined(); // not stored: past maxHeaders
    expect(e.correlationId).toBe('last');
    expect(e.idSources.correlationId).toBe('eventline-headers');
    expect(e.problems).toEqual(expect.arrayContaining(['headers_truncated', 'traceparent_malformed']));
  });
  it('reads string header values (as a replay filter hands them over) like bytes', () => {
    const e = x({ headers: { 'kafka_correlationId': 'req-1', ce_id: 'e\u00001' } });
    expect(e).toMatchObject({ correlationId: 'req-1', eventId: 'e1', headers: { ce_id: 'e1' } });
  });
});
