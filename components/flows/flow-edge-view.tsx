'use client';

import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import type { FlowEdge } from '@/lib/flow-types';
import { formatCompact, formatRate } from '@/components/format/format';
import { edgeTone, edgeWidth } from './flow-view';

/** `back`: the edge runs right to left (a loop, e.g. order-service reading what its own orders caused), drawn fainter so the flow reads left to right. */
export type FlowEdgeData = { edge: FlowEdge; mark: 'none' | 'on' | 'off'; labels: boolean; back: boolean };
export type FlowRfEdge = Edge<FlowEdgeData, 'flow'>;

// Theme colours (dark on the wall, light when the OS asks): SVG styles resolve CSS variables.
const TONE_COLOUR = { plain: 'var(--text-faint)', ok: 'var(--ok)', warn: 'var(--warn)', alarm: 'var(--danger)', causal: '#9b6cff', idle: 'var(--border-strong)' } as const;

/** The short text on an edge: its rate, and for a consumer its lag and any status but OK. */
export function edgeLabel(e: FlowEdge): string {
  if (e.kind === 'consume') {
    const parts = [e.status && e.status !== 'OK' ? e.status : null, e.rate !== null ? formatRate(e.rate) : null, e.lag ? `lag ${formatCompact(e.lag)}` : null];
    return parts.filter(Boolean).join(' · ');
  }
  return formatRate(e.rate);
}

export function FlowEdgeView(props: EdgeProps<FlowRfEdge>) {
  const e = props.data!.edge;
  const tone = edgeTone(e);
  const [path, labelX, labelY] = getBezierPath(props);
  const marked = props.data!.mark;
  const colour = marked === 'on' ? 'var(--accent)' : TONE_COLOUR[tone];
  return (
    <g data-testid="flow-edge" data-edge-id={e.id} data-back={props.data!.back} data-status={e.status ?? ''} data-tone={tone} data-marked={marked}>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        interactionWidth={14}
        style={{
          stroke: colour,
          strokeWidth: marked === 'on' ? edgeWidth(e.rate) + 2 : edgeWidth(e.rate),
          strokeDasharray: tone === 'causal' ? '6 4' : tone === 'idle' ? '3 4' : undefined,
          opacity: marked === 'off' ? 0.15 : props.data!.back && marked === 'none' && tone !== 'alarm' ? 0.4 : 1,
        }}
        label={props.data!.labels && marked !== 'off' ? edgeLabel(e) : undefined}
        labelX={labelX}
        labelY={labelY}
        labelStyle={{ fill: tone === 'alarm' ? 'var(--danger)' : 'var(--text-muted)', fontSize: 14, fontWeight: tone === 'alarm' ? 600 : 400 }}
        labelShowBg
        labelBgStyle={{ fill: 'var(--surface)', fillOpacity: 0.92 }}
        labelBgPadding={[4, 2]}
        labelBgBorderRadius={3}
      />
    </g>
  );
}
