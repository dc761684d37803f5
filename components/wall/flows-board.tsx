'use client';

import '@xyflow/react/dist/style.css';
import { MarkerType, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { layoutFlow, type Positions } from '@/lib/flow-layout';
import type { WallFlows } from '@/lib/wall-types';
import { WallFlowEdge, type WallFlowRfEdge } from './wall-flow-edge';
import { WALL_NODE_HEIGHT, WALL_NODE_WIDTH, WallFlowNode, type WallFlowRfNode } from './wall-flow-node';
import styles from './wall.module.css';

const nodeTypes = { wallFlow: WallFlowNode };
const edgeTypes = { wallFlow: WallFlowEdge };
/** A small map is not blown up past this (labels would outgrow the tile's other text). */
const MAX_ZOOM = 2.5;
const FIT = { padding: 0.03, maxZoom: MAX_ZOOM, minZoom: 0.05 } as const;

/** The flow map's last 5 minutes, fitted to the tile, with nothing to click: live from room `wall:flows`. */
export function FlowsBoard({ flows }: { flows: WallFlows | null }) {
  if (!flows) return <div className={styles.empty} data-testid="wall-board-flows">Loading the flow map…</div>;
  if (!flows.nodes.length) return <div className={styles.empty} data-testid="wall-board-flows">No traffic in the last 5 minutes</div>;
  return (
    <div className={styles.flowBoard} data-testid="wall-board-flows" data-nodes={flows.nodes.length}>
      <ReactFlowProvider>
        <WallFlowCanvas flows={flows} />
      </ReactFlowProvider>
    </div>
  );
}

function WallFlowCanvas({ flows }: { flows: WallFlows }) {
  const positions = useRef<Positions | undefined>(undefined);
  const flow = useReactFlow();
  // Laid out again only when the shape changes: rates and statuses never move a box.
  const layout = useMemo(() => {
    const sized = flows.nodes.map((n) => ({ id: n.id, width: WALL_NODE_WIDTH, height: WALL_NODE_HEIGHT, weight: n.starts }));
    const next = layoutFlow(sized, flows.edges, { previous: positions.current });
    positions.current = next;
    return next;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flows.shapeKey]);

  const nodes: WallFlowRfNode[] = flows.nodes.map((n) => ({
    id: n.id,
    type: 'wallFlow',
    position: layout.get(n.id) ?? { x: 0, y: 0 },
    width: WALL_NODE_WIDTH,
    height: WALL_NODE_HEIGHT,
    data: { node: n },
  }));
  const edges: WallFlowRfEdge[] = flows.edges.map((e) => ({
    id: e.id,
    type: 'wallFlow',
    source: e.source,
    target: e.target,
    markerEnd: { type: MarkerType.ArrowClosed, width: 12, height: 12 },
    data: { edge: e, back: (layout.get(e.target)?.x ?? 0) <= (layout.get(e.source)?.x ?? 0) },
  }));

  // Fitted once laid out, again when the shape changes, and when the screen changes size.
  useEffect(() => {
    const fit = () => void flow.fitView(FIT);
    const t = setTimeout(fit, 30);
    window.addEventListener('resize', fit);
    return () => {
      clearTimeout(t);
      window.removeEventListener('resize', fit);
    };
  }, [flows.shapeKey, flow]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      edgesFocusable={false}
      nodesFocusable={false}
      panOnDrag={false}
      zoomOnScroll={false}
      zoomOnPinch={false}
      zoomOnDoubleClick={false}
      preventScrolling={false}
      minZoom={FIT.minZoom}
      maxZoom={MAX_ZOOM}
      fitView
      fitViewOptions={FIT}
      proOptions={{ hideAttribution: true }}
      colorMode="dark"
    />
  );
}
