import type { AuthService } from '../auth';
import type { RouteContext } from './route-table';

/**
 * Runs a write action and records it in the audit log with its outcome, success or
 * failure (with the error), so every attempt leaves a trace.
 */
export async function audited<T>(
  auth: AuthService,
  c: RouteContext,
  what: { action: string; target?: string; detail?: Record<string, unknown> },
  action: () => Promise<T>,
): Promise<T> {
  const session = c.get('session')!;
  const base = { actor: session.user.username, role: session.user.role, action: what.action, target: what.target, ...c.get('meta') };
  try {
    const result = await action();
    await auth.audit.record({ ...base, outcome: 'success', detail: what.detail });
    return result;
  } catch (err) {
    await auth.audit.record({ ...base, outcome: 'failure', detail: { ...what.detail, error: (err as Error).message } });
    throw err;
  }
}
