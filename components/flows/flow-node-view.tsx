'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { FlowNode } from '@/lib/flow-types';
import { formatRate } from '@/components/format/format';
import { ALARM_STATUSES } from './flow-view';
import styles from './flows.module.css';

// Large enough to read when a ten-layer pipeline is fitted to a 1440 px screen (zoom ≈ 0.55).
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 58;

export type FlowNodeData = { node: FlowNode; mark: 'none' | 'on' | 'off' };
export type FlowRfNode = Node<FlowNodeData, 'flow'>;

const KIND_LABEL: Record<FlowNode['kind'], string> = { service: 'service', topic: 'topic', group: 'consumer group', unknown: 'producer' };
const ROLE_LABEL: Partial<Record<FlowNode['role'], string>> = { dlq: 'dead letters', retry: 'retry', internal: 'internal' };

/** One box of the map: what it is, its name, and its one most telling figure. */
export function FlowNodeView({ data }: NodeProps<FlowRfNode>) {
  const n = data.node;
  const alarm = n.status !== null && ALARM_STATUSES.has(n.status);
  const cls = [styles.node, styles[`kind-${n.kind}`], styles[`role-${n.role}`], alarm ? styles.alarm : '', n.idle ? styles.idle : '', data.mark === 'on' ? styles.marked : '', data.mark === 'off' ? styles.dimmed : ''].join(' ');
  return (
    <div className={cls} data-testid="flow-node" data-node-id={n.id} data-status={n.status ?? ''} data-role={n.role} data-marked={data.mark} title={n.label}>
      <Handle type="target" position={Position.Left} className={styles.handle} isConnectable={false} />
      <div className={styles.nodeTop}>
        <span className={styles.nodeKind}>{ROLE_LABEL[n.role] ?? KIND_LABEL[n.kind]}</span>
        {n.status && n.status !== 'OK' && <span className={alarm ? 'badge badge-danger' : 'badge badge-warn'}>{n.status}</span>}
        {n.kind === 'topic' && n.messagesPerSecond !== null && <span className={styles.nodeRate}>{formatRate(n.messagesPerSecond)}</span>}
      </div>
      <div className={styles.nodeLabel}>{n.label}</div>
      <Handle type="source" position={Position.Right} className={styles.handle} isConnectable={false} />
    </div>
  );
}
