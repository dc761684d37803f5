'use client';

import Link from 'next/link';
import type { FlowGraph, FlowNode } from '@/lib/flow-types';
import { formatCompact, formatRate } from '@/components/format/format';
import { StatusBadge } from '@/components/lag/status-badge';
import { DrawerFacts, SideDrawer } from '@/components/ui/side-drawer';
import { groupHref, messagesHref, tracesHref } from './flow-view';
import styles from './flows.module.css';

/** A node in full: for a topic its producers, consumers and messages; for a service what it writes and reads. */
export function FlowDetails({ node, graph, onClose, onFocus }: { node: FlowNode; graph: FlowGraph; onClose: () => void; onFocus: (id: string) => void }) {
  const into = graph.edges.filter((e) => e.target === node.id && e.kind !== 'causal');
  const out = graph.edges.filter((e) => e.source === node.id && e.kind !== 'causal');
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  const topic = node.kind === 'topic' ? node.label : node.kind === 'unknown' ? out[0]?.topic ?? null : null;
  const consumers = node.kind === 'topic' ? out : into.filter((e) => e.kind === 'consume');
  const produces = node.kind === 'topic' ? into : out;

  return (
    <SideDrawer label={`${node.kind} ${node.label}`} title={node.label} testId="flow-details" widthPx={440} onClose={onClose}>
      <DrawerFacts>
        <dt>Kind</dt>
        <dd>{node.kind === 'unknown' ? 'unknown producer (events name no source)' : node.kind}{node.role !== 'plain' ? ` · ${node.role}` : ''}</dd>
        {node.kind === 'topic' && (
          <>
            <dt>Written</dt>
            <dd>{formatRate(node.messagesPerSecond)} (log end)</dd>
          </>
        )}
        {node.groupIds.length > 0 && (
          <>
            <dt>Consumer groups</dt>
            <dd>
              {node.groupIds.map((g) => (
                <Link key={g} href={groupHref(g)} className={styles.chipLink}>{g}</Link>
              ))}
            </dd>
          </>
        )}
      </DrawerFacts>
      <div className={styles.drawerLinks}>
        {topic && <Link className="btn btn-small" href={messagesHref(topic)} data-testid="flow-open-messages">Browse messages</Link>}
        <Link className="btn btn-small" href={tracesHref({ topic, service: node.kind === 'service' ? node.label : null })}>Traces</Link>
        <button type="button" className="btn btn-small" onClick={() => onFocus(node.id)}>Focus here</button>
      </div>
      <h3 className={styles.drawerHeading}>{node.kind === 'topic' ? 'Producers' : 'Writes to'}</h3>
      <ul className={styles.drawerList} data-testid="flow-producers">
        {produces.length === 0 && <li className="muted">None seen in this window.</li>}
        {produces.map((e) => (
          <li key={e.id}>
            <span>{label(node.kind === 'topic' ? e.source : e.target)}</span>
            <span className="num">{formatRate(e.rate)}{e.errors ? ` · ${formatCompact(e.errors)} errors` : ''}</span>
            {e.types.length > 0 && <span className="small muted">{e.types.join(', ')}</span>}
          </li>
        ))}
      </ul>
      <h3 className={styles.drawerHeading}>{node.kind === 'topic' ? 'Consumers' : 'Reads'}</h3>
      <ul className={styles.drawerList} data-testid="flow-consumers">
        {consumers.length === 0 && <li className="muted">No consumer group reads it.</li>}
        {consumers.map((e) => (
          <li key={e.id}>
            <Link href={groupHref(e.groupId ?? '')}>{node.kind === 'topic' ? e.groupId : e.topic}</Link>
            {e.status && <StatusBadge status={e.status} />}
            <span className="num">{formatRate(e.rate)} · lag {e.lag === null ? '—' : formatCompact(e.lag)}{e.lagSeconds ? ` · ${formatCompact(e.lagSeconds)} s` : ''}</span>
          </li>
        ))}
      </ul>
    </SideDrawer>
  );
}
