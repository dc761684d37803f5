import type { PartitionLag } from '@/lib/lag-types';
import type { OffsetResetRequest, OffsetResetTarget } from '@/lib/offset-reset-types';

/** What the reset dialog's inputs hold, as typed. */
export interface OffsetResetForm {
  /** '' for all of the group's topics. */
  topic: string;
  to: OffsetResetTarget;
  /** A datetime-local value (the browser's time zone). */
  datetime: string;
  /** "topic\u0000partition" of the one partition a specific offset moves. */
  partitionKey: string;
  offset: string;
}

export const initialResetForm: OffsetResetForm = { topic: '', to: 'latest', datetime: '', partitionKey: '', offset: '' };

export function partitionKey(p: { topic: string; partition: number }): string {
  return `${p.topic}\u0000${p.partition}`;
}

/** The API request for the form, or the words to show when the form is not complete. */
export function resetRequestOf(form: OffsetResetForm, partitions: PartitionLag[]): { request: OffsetResetRequest } | { error: string } {
  const topic = form.topic || undefined;
  if (form.to === 'earliest' || form.to === 'latest') return { request: { topic, to: form.to } };
  if (form.to === 'timestamp') {
    const timestamp = form.datetime ? new Date(form.datetime).getTime() : NaN;
    if (!Number.isFinite(timestamp) || timestamp < 0) return { error: 'Pick a date and time.' };
    return { request: { topic, to: 'timestamp', timestamp } };
  }
  const p = partitions.find((x) => partitionKey(x) === form.partitionKey);
  if (!p) return { error: 'Pick the partition to move.' };
  const offset = Number(form.offset);
  if (form.offset.trim() === '' || !Number.isInteger(offset) || offset < 0) return { error: 'The offset is a whole number, 0 or more.' };
  return { request: { topic: p.topic, partition: p.partition, to: 'offset', offset } };
}

/** The partitions a scope covers (the partition picker lists these). */
export function partitionsInScope(partitions: PartitionLag[], topic: string): PartitionLag[] {
  return partitions.filter((p) => !topic || p.topic === topic);
}
