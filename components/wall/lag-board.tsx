'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { GroupLagPoint } from '@/lib/lag-types';
import type { WallGroups, WallLagHistory } from '@/lib/wall-types';
import { formatClock } from '@/components/format/format';
import { formatLagSeconds } from '@/components/lag/lag-series';
import { DEFAULT_LAG_GROUPS } from './wall-params';
import styles from './wall.module.css';

/** The lag board looks back this far: long enough to see a trend, short enough to read the last minutes. */
const WINDOW_MS = 15 * 60_000;
const STATUS_COLOR: Record<string, string> = { OK: '#3fcf7a', WARN: '#f0b43c', REWIND: '#f0b43c', STALL: '#ff5c52', STOP: '#ff5c52', ERR: '#ff5c52' };

type Series = Record<string, GroupLagPoint[]>;

/** recharts sizes in pixels: scale them with the screen (1 at 1920 px wide, 2 on 4K) like the CSS does with vw. */
function useScreenScale(): number {
  return useSyncExternalStore(
    (onChange) => {
      window.addEventListener('resize', onChange);
      return () => window.removeEventListener('resize', onChange);
    },
    () => Math.max(0.5, window.innerWidth / 1920),
    () => 1,
  );
}

/** Short axis labels that fit a narrow axis: 4s, 45s, 2m, 1.5h. */
function axisSeconds(v: number): string {
  if (v < 60) return `${Math.round(v)}s`;
  if (v < 3600) return `${Math.round(v / 60)}m`;
  return `${Math.round(v / 360) / 10}h`;
}

/** Appends this cycle's point for each charted group, dropping what fell out of the window. */
function appendCycle(series: Series, groups: WallGroups): Series {
  const at = groups.observedAt;
  if (at === null) return series;
  const next: Series = {};
  for (const [id, points] of Object.entries(series)) {
    const g = groups.groups.find((x) => x.groupId === id);
    const kept = points.filter((p) => p.at > at - WINDOW_MS && p.at < at);
    next[id] = g ? [...kept, { at, totalLag: g.lag, maxLagSeconds: g.lagSeconds, status: g.status }] : kept;
  }
  return next;
}

/** Seconds behind over the last 15 minutes for the chosen groups (`?lag=a,b`), else the worst few. */
export function LagBoard({ groups, chosen }: { groups: WallGroups; chosen: string[] }) {
  const [ids] = useState(() => (chosen.length ? chosen : groups.groups.slice(0, DEFAULT_LAG_GROUPS).map((g) => g.groupId)));
  const [series, setSeries] = useState<Series>(() => Object.fromEntries(ids.map((id) => [id, []])));

  useEffect(() => {
    if (!ids.length) return;
    const ctrl = new AbortController();
    fetch(`/api/wall/lag?groups=${encodeURIComponent(ids.join(','))}&range=15m`, { signal: ctrl.signal, cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<WallLagHistory>) : null))
      .then((h) => h && setSeries((s) => ({ ...s, ...Object.fromEntries(h.groups.map((g) => [g.groupId, [...g.points, ...(s[g.groupId] ?? [])].sort((a, b) => a.at - b.at)])) })))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [ids]);

  useEffect(() => setSeries((s) => appendCycle(s, groups)), [groups]);

  const scale = useScreenScale();
  if (!ids.length) return <div className={styles.empty} data-testid="wall-board-lag">No consumer groups yet</div>;
  const tick = { fill: '#a3b1c2', fontSize: Math.round(20 * scale) };
  return (
    <div className={styles.lagCharts} data-testid="wall-board-lag" style={{ gridTemplateColumns: `repeat(${ids.length <= 4 ? Math.min(2, ids.length) : 3}, minmax(0, 1fr))` }}>
      {ids.map((id) => {
        const now = groups.groups.find((g) => g.groupId === id);
        const color = STATUS_COLOR[now?.status ?? 'OK'];
        return (
          <div key={id} className={styles.lagChart} data-testid="wall-lag-chart" data-group={id}>
            <div className={styles.lagChartHead}>
              <strong style={{ color }}>{now?.status ?? '—'}</strong>
              <span className={styles.name}>{id}</span>
              <span className={styles.spacer} />
              <span>{formatLagSeconds(now?.lagSeconds)}</span>
            </div>
            <div className={styles.lagChartBody}>
              <ResponsiveContainer>
                <LineChart data={series[id] ?? []} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                  <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatClock(v).slice(0, 5)} tick={tick} stroke="#263447" minTickGap={80 * scale} height={30 * scale} />
                  <YAxis tickFormatter={axisSeconds} allowDecimals={false} tick={tick} stroke="#263447" width={60 * scale} />
                  <Line type="linear" dataKey="maxLagSeconds" stroke={color} strokeWidth={3 * scale} dot={false} isAnimationActive={false} connectNulls />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </div>
        );
      })}
    </div>
  );
}
