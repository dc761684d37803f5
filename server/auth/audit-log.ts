import type { AuditEntryView, AuditOutcome, AuditPage } from '../../lib/audit-types';
import type { Logger } from '../log/logger';
import type { PrismaClient } from '../store/generated/client';

export interface AuditRecord {
  actor: string;
  role?: string | null;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * The audit trail of every write action. `record` is awaited by callers on purpose: a
 * write whose audit entry cannot be stored is reported as failed to the user rather
 * than done silently without a trace.
 */
export function createAuditLog(prisma: PrismaClient, log: Logger) {
  return {
    async record(e: AuditRecord): Promise<void> {
      await prisma.auditEntry.create({
        data: {
          actor: e.actor,
          role: e.role ?? null,
          action: e.action,
          target: e.target ?? null,
          outcome: e.outcome,
          detail: (e.detail ?? undefined) as object | undefined,
          ip: e.ip ?? null,
          userAgent: e.userAgent?.slice(0, 500) ?? null,
        },
      });
      log.info('audit', { actor: e.actor, action: e.action, target: e.target ?? '-', outcome: e.outcome });
    },

    async page(opts: { before?: bigint; limit: number }): Promise<AuditPage> {
      const rows = await prisma.auditEntry.findMany({
        where: opts.before ? { id: { lt: opts.before } } : undefined,
        orderBy: { id: 'desc' },
        take: opts.limit + 1,
      });
      const more = rows.length > opts.limit;
      const entries: AuditEntryView[] = rows.slice(0, opts.limit).map((r) => ({
        id: r.id.toString(),
        at: r.at.toISOString(),
        actor: r.actor,
        role: r.role,
        action: r.action,
        target: r.target,
        outcome: r.outcome as AuditOutcome,
        detail: r.detail,
        ip: r.ip,
      }));
      return { entries, nextBefore: more ? entries[entries.length - 1]!.id : null };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
