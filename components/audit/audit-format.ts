// Shaping audit entries for a one-line-per-entry table.
import type { AuditOutcome } from '@/lib/audit-types';

/** Longest detail shown in the cell; the full text is in the tooltip. */
export const DETAIL_MAX_CHARS = 120;

/**
 * `{ partitions: 3, replicationFactor: 1 }` → "partitions=3 replicationFactor=1".
 * Flat objects read best as key=value; anything nested falls back to compact JSON.
 */
export function formatAuditDetail(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return detail;
  if (typeof detail !== 'object') return String(detail);
  if (Array.isArray(detail)) return JSON.stringify(detail);
  const entries = Object.entries(detail as Record<string, unknown>);
  const flat = entries.every(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
  if (!flat) return JSON.stringify(detail);
  return entries.map(([k, v]) => `${k}=${typeof v === 'string' ? quoteIfNeeded(v) : String(v)}`).join(' ');
}

/** Quotes values with spaces; picks single quotes when that avoids backslashes. */
function quoteIfNeeded(v: string): string {
  if (v !== '' && !/[\s"'=]/.test(v)) return v;
  if (v.includes('"') && !v.includes("'")) return `'${v}'`;
  return JSON.stringify(v);
}

export function truncate(text: string, max = DETAIL_MAX_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const outcomeBadge: Record<AuditOutcome, string> = {
  success: 'badge badge-ok',
  failure: 'badge badge-danger',
  denied: 'badge badge-warn',
};
