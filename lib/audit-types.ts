export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: unknown;
  ip: string | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `before` to get the next (older) page; null when there is none. */
  nextBefore: string | null;
}
