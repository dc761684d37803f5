import type { LagStatus } from '@/lib/lag-types';
import { statusClass } from './lag-series';

export function StatusBadge({ status, title }: { status: LagStatus; title?: string }) {
  return (
    <span className={statusClass(status)} title={title} data-testid="lag-status">
      {status}
    </span>
  );
}
