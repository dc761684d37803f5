'use client';

import { useState } from 'react';
import type { GroupDetail } from '@/lib/lag-types';
import { activeGroupReason } from '@/lib/offset-reset-types';
import { roleAtLeast } from '@/lib/session-types';
import { useMe } from '@/components/api/use-me';
import { OffsetResetDialog } from './offset-reset-dialog';
import styles from './lag.module.css';

/** "Reset offsets" for operators and admins; viewers don't see it. Kafka only lets an Empty group move. */
export function ResetOffsetsButton({ group }: { group: GroupDetail }) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const role = me.data?.user.role;
  if (!role || !roleAtLeast(role, 'operator')) return null;

  const active = group.state !== 'Empty' && group.state !== 'Dead';
  const blocked = active ? activeGroupReason(group.members.length) : group.partitions.length === 0 ? 'This group has no committed offsets to move.' : null;
  return (
    <div className={styles.resetAction}>
      {blocked && (
        <span className={styles.resetBlocked} data-testid="reset-offsets-blocked">
          {blocked}
        </span>
      )}
      <button type="button" className="btn" disabled={blocked !== null} title={blocked ?? undefined} onClick={() => setOpen(true)} data-testid="reset-offsets">
        Reset offsets
      </button>
      <OffsetResetDialog group={group} open={open} onClose={() => setOpen(false)} />
    </div>
  );
}
