'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { FlowNode } from '@/lib/flow-types';
import { formatRate } from '@/components/format/format';
import { ALARM_STATUSES } from '@/components/flows/flow-view';
import { labelFontSize } from './wall-flow-label';
import styles from './wall.module.css';

// In the map's own units; the board fits the map to the tile, so these set the proportions:
// names get two lines of a third of the box's height (wall.module.css .flowNode*).
export const WALL_NODE_WIDTH = 300;
export const WALL_NODE_HEIGHT = 120;

export type WallFlowRfNode = Node<{ node: FlowNode }, 'wallFlow'>;

const KIND: Record<FlowNode['kind'], string> = { service: 'service', topic: 'topic', group: 'group', unknown: 'producer' };
const ROLE: Partial<Record<FlowNode['role'], string>> = { dlq: 'dead letters', retry: 'retry' };

/** One box of the wall's map: its name, big; what it is, its status when not OK, and a topic's write rate. */
export function WallFlowNode({ data }: NodeProps<WallFlowRfNode>) {
  const n = data.node;
  const alarm = n.status !== null && ALARM_STATUSES.has(n.status);
  const warn = !alarm && n.status !== null && n.status !== 'OK';
  const cls = [styles.flowNode, n.kind === 'topic' ? styles.flowTopic : '', n.role === 'dlq' ? styles.flowDlq : '', alarm ? styles.flowAlarm : ''].join(' ');
  return (
    <div className={cls} data-testid="wall-flow-node" data-node-id={n.id} data-status={n.status ?? ''} data-role={n.role}>
      <Handle type="target" position={Position.Left} className={styles.flowHandle} isConnectable={false} />
      <div className={styles.flowNodeTop}>
        <span>{ROLE[n.role] ?? KIND[n.kind]}</span>
        {alarm || warn ? <strong className={alarm ? styles.flowStatusBad : styles.flowStatusWarn}>{n.status}</strong> : null}
        {n.kind === 'topic' && n.messagesPerSecond !== null ? <span className={styles.flowNodeRate}>{formatRate(n.messagesPerSecond)}</span> : null}
      </div>
      <div className={styles.flowNodeLabel} style={{ fontSize: labelFontSize(n.label) }}>
        {n.label}
      </div>
      <Handle type="source" position={Position.Right} className={styles.flowHandle} isConnectable={false} />
    </div>
  );
}
