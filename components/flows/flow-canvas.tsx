'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, MarkerType, MiniMap, ReactFlow, useReactFlow, type NodeMouseHandler, type EdgeMouseHandler } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import type { FlowEdge, FlowNode } from '@/lib/flow-types';
import { layoutFlow, type Positions } from '@/lib/flow-layout';
import { FlowEdgeView, type FlowRfEdge } from './flow-edge-view';
import { FlowNodeView, NODE_HEIGHT, NODE_WIDTH, type FlowRfNode } from './flow-node-view';
import type { FlowView } from './flow-view';
import styles from './flows.module.css';
import { fixedNodeBox } from './fixed-node-box';

const nodeTypes = { flow: FlowNodeView };
const edgeTypes = { flow: FlowEdgeView };
/** Above this many edges the rate labels go (they cost more to draw than they tell at that scale). */
const LABELS_UP_TO_EDGES = 400;

export interface CanvasProps {
  view: FlowView;
  /** Nodes and edges to light up (a trace's path); the rest is dimmed. Null: nothing marked. */
  marked: { nodes: Set<string>; edges: Set<string> } | null;
  /** A node to bring into view (search), with a counter so that asking twice works. */
  fitTo: { id: string; n: number } | null;
  onNode: (n: FlowNode) => void;
  onEdge: (e: FlowEdge) => void;
}

/**
 * Draws the visible graph with @xyflow/react. Positions come from lib/flow-layout.ts and are
 * computed again only when the visible shape changes; rates, lag and status only restyle.
 */
export function FlowCanvas({ view, marked, fitTo, onNode, onEdge }: CanvasProps) {
  const positions = useRef<Positions | undefined>(undefined);
  const flow = useReactFlow();
  const layout = useMemo(() => {
    const next = layoutFlow(
      // A service that starts journeys (events with no cause) goes first when a cycle must be cut.
      view.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT, weight: n.starts })),
      view.edges,
      { previous: positions.current },
    );
    positions.current = next;
    return next;
    // The layout depends on the shape only; the nodes and edges of one shape differ in figures.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view.shape]);

  const labels = view.edges.length + view.causal.length <= LABELS_UP_TO_EDGES;
  const nodes: FlowRfNode[] = view.nodes.map((n) => ({
    id: n.id,
    type: 'flow',
    position: layout.get(n.id) ?? { x: 0, y: 0 },
    // New objects per node: React Flow keeps parts of them in its own store.
    ...fixedNodeBox(NODE_WIDTH, NODE_HEIGHT),
    data: { node: n, mark: marked ? (marked.nodes.has(n.id) ? 'on' : 'off') : 'none' },
  }));
  const edges: FlowRfEdge[] = [...view.edges, ...view.causal].map((e) => ({
    id: e.id,
    type: 'flow',
    source: e.source,
    target: e.target,
    markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
    data: { edge: e, mark: marked ? (marked.edges.has(e.id) ? 'on' : 'off') : 'none', labels, back: (layout.get(e.target)?.x ?? 0) <= (layout.get(e.source)?.x ?? 0) },
  }));

  useEffect(() => {
    if (fitTo) void flow.fitView({ nodes: [{ id: fitTo.id }], duration: 400, maxZoom: 1.3 });
  }, [fitTo, flow]);
  // A new shape (another window, filters, focus) is fitted to the screen once laid out.
  useEffect(() => {
    const t = setTimeout(() => void flow.fitView({ duration: 250, maxZoom: 1.2 }), 30);
    return () => clearTimeout(t);
  }, [view.shape, flow]);

  const byId = useMemo(() => new Map(view.nodes.map((n) => [n.id, n])), [view.nodes]);
  const edgeById = useMemo(() => new Map([...view.edges, ...view.causal].map((e) => [e.id, e])), [view.edges, view.causal]);
  const onNodeClick: NodeMouseHandler = (_, n) => {
    const node = byId.get(n.id);
    if (node) onNode(node);
  };
  const onEdgeClick: EdgeMouseHandler = (_, e) => {
    const edge = edgeById.get(e.id);
    if (edge) onEdge(edge);
  };

  return (
    <div className={styles.canvas} data-testid="flow-canvas" data-shape-nodes={view.nodes.length}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
        onlyRenderVisibleElements
        minZoom={0.05}
        maxZoom={2}
        fitView
        fitViewOptions={{ maxZoom: 1.2 }}
        proOptions={{ hideAttribution: true }}
        colorMode="system"
      >
        <Background gap={24} size={1} color="#7f8c9c55" />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable style={{ width: 150, height: 90 }} nodeColor={(n) => miniColour((n as FlowRfNode).data.node)} maskColor="#7f8c9c33" />
      </ReactFlow>
    </div>
  );
}

function miniColour(n: FlowNode): string {
  if (n.status === 'STOP' || n.status === 'STALL' || n.status === 'ERR' || n.role === 'dlq') return '#e5534b';
  if (n.kind === 'topic') return '#4a90d9';
  return '#8796a8';
}
