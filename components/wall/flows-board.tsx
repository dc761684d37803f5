'use client';

import '@xyflow/react/dist/style.css';
import { MarkerType, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { layoutFlow, type Positions } from '@/lib/flow-layout';
import type { WallFlows } from '@/lib/wall-types';
import { foldIntoBands } from './wall-flow-bands';
import { WallFlowEdge, type WallFlowRfEdge } from './wall-flow-edge';
import { WALL_NODE_HEIGHT, WALL_NODE_WIDTH, WallFlowNode, type WallFlowRfNode } from './wall-flow-node';
import styles from './wall.module.css';
import { fixedNodeBox } from '@/components/flows/fixed-node-box';

const nodeTypes = { wallFlow: WallFlowNode };
const edgeTypes = { wallFlow: WallFlowEdge };
/** A small map is not blown up past this (labels would outgrow the tile's other text). */
const MAX_ZOOM = 2.5;
const FIT = { padding: 0.03, maxZoom: MAX_ZOOM, minZoom: 0.05 } as const;
/** Room between columns for the rate labels, and between bands for the edges that wrap. */
const COLUMN_GAP = 150;
const BAND_GAP = 110;

/** The flow map's last 5 minutes, fitted to the tile, with nothing to click: live from room `wall:flows`. */
export function FlowsBoard({ flows }: { flows: WallFlows | null }) {
  if (!flows) return <div className={styles.empty} data-testid="wall-board-flows">Loading the flow map…</div>;
  if (!flows.nodes.length) return <div className={styles.empty} data-testid="wall-board-flows">No traffic in the last 5 minutes</div>;
  return (
    <ReactFlowProvider>
      <WallFlowCanvas flows={flows} />
    </ReactFlowProvider>
  );
}

/** The tile's size in pixels, followed as the screen changes. */
function useTileSize(ref: React.RefObject<HTMLDivElement | null>) {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry!.contentRect;
      setSize((s) => (s && Math.abs(s.width - width) < 1 && Math.abs(s.height - height) < 1 ? s : { width, height }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

function WallFlowCanvas({ flows }: { flows: WallFlows }) {
  const positions = useRef<Positions | undefined>(undefined);
  const box = useRef<HTMLDivElement>(null);
  const tile = useTileSize(box);
  const flow = useReactFlow();
  // Laid out again only when the shape changes: rates and statuses never move a box.
  const ranked = useMemo(() => {
    const sized = flows.nodes.map((n) => ({ id: n.id, width: WALL_NODE_WIDTH, height: WALL_NODE_HEIGHT, weight: n.starts }));
    const next = layoutFlow(sized, flows.edges, { previous: positions.current });
    positions.current = next;
    return next;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flows.shapeKey]);
  // Folded into as many bands as draw it largest in this tile (a 4K tile folds like a 1080p one).
  const folded = useMemo(
    () =>
      foldIntoBands(ranked, {
        nodeWidth: WALL_NODE_WIDTH,
        nodeHeight: WALL_NODE_HEIGHT,
        columnGap: COLUMN_GAP,
        bandGap: BAND_GAP,
        tile: tile ?? { width: 1920, height: 950 },
        enoughZoom: (tile?.width ?? 1920) / 1920,
      }),
    [ranked, tile],
  );
  const layout = folded.positions;

  const nodes: WallFlowRfNode[] = flows.nodes.map((n) => ({
    id: n.id,
    type: 'wallFlow',
    position: layout.get(n.id) ?? { x: 0, y: 0 },
    // New objects per node: React Flow keeps parts of them in its own store.
    ...fixedNodeBox(WALL_NODE_WIDTH, WALL_NODE_HEIGHT),
    data: { node: n },
  }));
  const edges: WallFlowRfEdge[] = flows.edges.map((e) => ({
    id: e.id,
    type: 'wallFlow',
    source: e.source,
    target: e.target,
    markerEnd: { type: MarkerType.ArrowClosed, width: 12, height: 12 },
    // Back edges by the ranks, not the folded places: the edge into the next band is not one.
    data: { edge: e, back: (ranked.get(e.target)?.x ?? 0) <= (ranked.get(e.source)?.x ?? 0) },
  }));

  // Fitted once laid out, again when the shape or the tile's size changes (both refold it).
  useEffect(() => {
    const t = setTimeout(() => void flow.fitView(FIT), 30);
    return () => clearTimeout(t);
  }, [folded, flow]);

  return (
    <div ref={box} className={styles.flowBoard} data-testid="wall-board-flows" data-nodes={flows.nodes.length} data-bands={folded.bands} data-shape={flows.shapeKey} data-to={flows.to}>
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
    </div>
  );
}
