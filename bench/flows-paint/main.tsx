// The flow map's canvas alone, fed the bench graph, for `npm run bench -- flows` to time the
// first paint in headless Chromium: the page's own components (layout included), without the
// server round trip, so the figure is the drawing's cost.
import { ReactFlowProvider } from '@xyflow/react';
import { createRoot } from 'react-dom/client';
import { FlowCanvas } from '../../components/flows/flow-canvas';
import { DEFAULT_CONTROLS, visibleGraph } from '../../components/flows/flow-view';
import type { FlowGraph } from '../../lib/flow-types';
import '../../app/globals.css';

declare global {
  interface Window {
    __flowBench: { renderMs: number; paintedAt: number | null; nodes: number };
  }
}

const graph = (await (await fetch('./graph.json')).json()) as FlowGraph;
const view = visibleGraph(graph, DEFAULT_CONTROLS);
window.__flowBench = { renderMs: 0, paintedAt: null, nodes: view.nodes.length };
const t0 = performance.now();
createRoot(document.getElementById('root')!).render(
  <div style={{ height: '100vh', display: 'flex' }}>
    <ReactFlowProvider>
      <FlowCanvas view={view} marked={null} fitTo={null} onNode={() => {}} onEdge={() => {}} />
    </ReactFlowProvider>
  </div>,
);
// The first frame with nodes on screen: a node in the DOM, then the next animation frame.
const watch = () => {
  if (document.querySelector('[data-testid="flow-node"]')) {
    requestAnimationFrame(() => {
      window.__flowBench.paintedAt = performance.now();
      window.__flowBench.renderMs = performance.now() - t0;
    });
  } else requestAnimationFrame(watch);
};
requestAnimationFrame(watch);
