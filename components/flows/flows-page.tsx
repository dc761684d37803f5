'use client';

import { ReactFlowProvider } from '@xyflow/react';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { tracePath } from '@/lib/flow-graph';
import { FLOW_WINDOWS, type FlowEdge, type FlowNode, type FlowWindow } from '@/lib/flow-types';
import { useFlowGraph, useTracePathEvents } from '@/components/api/use-flows';
import { formatClock } from '@/components/format/format';
import { useFlowsLive } from '@/components/realtime/use-flows-live';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { FlowCanvas } from './flow-canvas';
import { FlowDetails } from './flow-details';
import { FlowLegend } from './flow-legend';
import { FlowToolbar } from './flow-toolbar';
import { DEFAULT_CONTROLS, groupHref, tracesHref, visibleGraph, type ViewControls } from './flow-view';
import styles from './flows.module.css';

/** The flow map: who produces and consumes what, live. Window and trace live in the URL. */
export function FlowsPage() {
  const router = useRouter();
  const search = useSearchParams();
  const window = (FLOW_WINDOWS as readonly string[]).includes(search.get('window') ?? '') ? (search.get('window') as FlowWindow) : '5m';
  const trace = search.get('trace');
  const graph = useFlowGraph(window);
  useFlowsLive(window);
  const traceEvents = useTracePathEvents(trace);
  const [controls, setControls] = useState<ViewControls>(DEFAULT_CONTROLS);
  const [selected, setSelected] = useState<string | null>(null);
  const [fitTo, setFitTo] = useState<{ id: string; n: number } | null>(null);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(search.toString());
    if (value === null) next.delete(key);
    else next.set(key, value);
    router.replace(`/flows${next.size ? `?${next}` : ''}`);
  };
  const view = useMemo(() => (graph.data ? visibleGraph(graph.data, controls) : null), [graph.data, controls]);
  const marked = useMemo(() => (graph.data && traceEvents.data ? tracePath(graph.data, traceEvents.data.events) : null), [graph.data, traceEvents.data]);

  if (graph.isPending) return <PageSkeleton />;
  if (graph.isError) return <ErrorPanel error={graph.error} onRetry={() => void graph.refetch()} />;
  const g = graph.data;
  const selectedNode = selected ? g.nodes.find((n) => n.id === selected) ?? null : null;

  const onNode = (n: FlowNode) => {
    // A consumer group with no service of its name has a page of its own: go there.
    if (n.kind === 'group') router.push(groupHref(n.groupIds[0] ?? n.label));
    else setSelected(n.id);
  };
  const onEdge = (e: FlowEdge) => router.push(tracesHref(e));
  const focus = (id: string) => {
    setControls((c) => ({ ...c, focus: id }));
    setFitTo({ id, n: (fitTo?.n ?? 0) + 1 });
  };

  return (
    <div className={styles.page}>
      <header className="page-header">
        <div>
          <h1 className="page-title">Flows</h1>
          <p className="page-subtitle">
            Who writes and reads each topic, from the traffic of the last {window === '5m' ? '5 minutes' : window === '1h' ? 'hour' : '24 hours'} ·{' '}
            <span data-testid="flow-updated">updated {formatClock(g.to)}</span>. Click a topic for its consumers, a group for its page, an edge for its traces.
          </p>
        </div>
      </header>
      <FlowToolbar window={window} onWindow={(w) => setParam('window', w === '5m' ? null : w)} controls={controls} onControls={setControls} nodes={g.nodes} onFind={focus} />
      {trace && (
        <div className={`alert ${traceEvents.isError ? 'alert-danger' : 'alert-ok'} ${styles.traceBanner}`} data-testid="flow-trace-banner">
          {traceEvents.isError ? `Trace ${trace} could not be loaded.` : `Showing the path of trace ${trace}${marked ? ` (${marked.nodes.size} nodes)` : ''}.`}{' '}
          <Link href={`/traces/${encodeURIComponent(trace)}`}>Open the trace</Link> ·{' '}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setParam('trace', null)}>Clear</button>
        </div>
      )}
      {view && view.nodes.length === 0 ? (
        <div className="panel panel-message" data-testid="flow-empty">
          <p>No traffic or consumer groups to draw yet{controls.hideIdle ? ' (idle topics are hidden)' : ''}. The map fills in as the collector stores events and the lag monitor sees groups.</p>
        </div>
      ) : (
        view && (
          <ReactFlowProvider>
            <FlowCanvas view={view} marked={marked} fitTo={fitTo} onNode={onNode} onEdge={onEdge} />
          </ReactFlowProvider>
        )
      )}
      <FlowLegend />
      {selectedNode && <FlowDetails node={selectedNode} graph={g} onClose={() => setSelected(null)} onFocus={focus} />}
    </div>
  );
}
