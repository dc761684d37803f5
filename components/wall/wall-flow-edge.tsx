'use client';

import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import type { FlowEdge } from '@/lib/flow-types';
import { edgeLabel } from '@/components/flows/flow-edge-view';
import { edgeTone, edgeWidth } from '@/components/flows/flow-view';

export type WallFlowRfEdge = Edge<{ edge: FlowEdge; back: boolean }, 'wallFlow'>;

// The wall's own palette (wall.module.css): SVG styles resolve its variables.
const TONE = { plain: 'var(--wall-muted)', ok: 'var(--wall-ok)', warn: 'var(--wall-warn)', alarm: 'var(--wall-bad)', causal: 'var(--wall-muted)', idle: 'var(--wall-line)' } as const;

/** An edge as the flow map draws it (same tones, same labels), thicker and with labels sized for the room. */
export function WallFlowEdge(props: EdgeProps<WallFlowRfEdge>) {
  const { edge: e, back } = props.data!;
  const tone = edgeTone(e);
  const [path, labelX, labelY] = getBezierPath(props);
  // A faint loop back keeps its line but not its label: the labels are for the flow, left to right.
  const label = back && tone !== 'alarm' ? null : edgeLabel(e);
  return (
    <g data-testid="wall-flow-edge" data-edge-id={e.id} data-tone={tone}>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        style={{
          stroke: TONE[tone],
          strokeWidth: 2 * edgeWidth(e.rate),
          strokeDasharray: tone === 'idle' ? '6 8' : undefined,
          // A loop back (right to left) is drawn faint so the flow reads left to right; red never fades.
          opacity: back && tone !== 'alarm' ? 0.35 : 1,
        }}
        label={label && label !== '—' ? label : undefined}
        labelX={labelX}
        labelY={labelY}
        labelStyle={{ fill: tone === 'alarm' ? 'var(--wall-bad)' : 'var(--wall-text)', fontSize: 26, fontWeight: tone === 'alarm' ? 700 : 500 }}
        labelShowBg
        labelBgStyle={{ fill: 'var(--wall-bg)', fillOpacity: 0.9 }}
        labelBgPadding={[6, 3]}
        labelBgBorderRadius={4}
      />
    </g>
  );
}
