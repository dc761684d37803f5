import { describe, expect, it } from 'vitest';
import { nextRecordNote } from './time-lag-reader';

describe('nextRecordNote', () => {
  it('names compaction only when the offset is missing from the log', () => {
    expect(nextRecordNote(5, { ts: 0, from: 9, at: 'missing' })).toBe('no record at the committed offset 5 (removed by compaction): lag in seconds measured from the next readable record, at offset 9');
  });

  it('says a marker or aborted record when that is what stands at the offset', () => {
    const note = nextRecordNote(5, { ts: 0, from: 6, at: 'skipped' });
    expect(note).toContain('offset 5 holds a transaction marker or an aborted record');
    expect(note).not.toContain('compaction');
  });

  it('claims no cause it did not see', () => {
    expect(nextRecordNote(5, { ts: 0, from: 6, at: null })).not.toMatch(/compaction|marker/);
  });
});
