'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { GroupHistory } from '@/lib/lag-types';
import { formatClock, formatCompact, formatCount } from '@/components/format/format';
import { buildPartitionSeries, formatLagSeconds } from './lag-series';
import styles from './lag.module.css';

const PALETTE = ['#5aa9ff', '#3fcf7a', '#f0b43c', '#ff6b63', '#b48cff', '#4fd1c5', '#f78fb3', '#a0aec0', '#718096'];
const STATUS_COLOR: Record<string, string> = { OK: '#3fcf7a', WARN: '#f0b43c', REWIND: '#f0b43c', STALL: '#ff6b63', STOP: '#ff6b63', ERR: '#ff6b63' };

const tick = { fill: 'var(--text-muted)', fontSize: 12 };
const tooltipStyle = { background: 'var(--surface-2)', border: '1px solid var(--border-strong)', borderRadius: 6, color: 'var(--text)' };

/** Short axis labels: 0.5s, 45s, 2m40s, 3h5m (tenths below 10 s, or 1s and 1.5s both read "1s"). */
function axisSeconds(v: number): string {
  if (v < 10) return `${Math.round(v * 10) / 10}s`;
  if (v < 60) return `${Math.round(v)}s`;
  if (v < 3600) return `${Math.floor(v / 60)}m${Math.round(v % 60) ? `${Math.round(v % 60)}s` : ''}`;
  return `${Math.floor(v / 3600)}h${Math.round((v % 3600) / 60)}m`;
}

function timeDomain(h: GroupHistory): [number, number] | undefined {
  if (!h.points.length && !h.partitions.length) return undefined;
  const ats = [...h.points.map((p) => p.at), ...h.partitions.map((p) => p.at)];
  return [Math.min(...ats), Math.max(...ats)];
}

// Lines are straight between samples: they are polls, and a smoothed curve would draw lags never seen.

/** Total lag (messages, left axis) and max lag in seconds (right axis); status changes as vertical marks. */
export function GroupLagChart({ history }: { history: GroupHistory }) {
  if (!history.points.length) return <div className={styles.chartEmpty}>No samples in this range yet.</div>;
  return (
    <div data-testid="lag-chart" style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        <LineChart data={history.points} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis minTickGap={40} dataKey="at" type="number" scale="time" domain={timeDomain(history) ?? ['dataMin', 'dataMax']} tickFormatter={(v: number) => formatClock(v)} tick={tick} stroke="var(--border-strong)" />
          <YAxis yAxisId="lag" allowDecimals={false} tickFormatter={(v: number) => formatCompact(v)} tick={tick} stroke="var(--border-strong)" width={56} />
          <YAxis yAxisId="sec" orientation="right" tickFormatter={axisSeconds} tick={tick} stroke="var(--border-strong)" width={72} />
          <Tooltip
            contentStyle={tooltipStyle}
            labelFormatter={(v) => formatClock(Number(v))}
            formatter={(value, name) => (name === 'Max lag (time)' ? formatLagSeconds(Number(value)) : formatCount(Number(value)))}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {history.statusChanges.map((c) => (
            <ReferenceLine
              key={`${c.at}-${c.to}`}
              yAxisId="lag"
              x={c.at}
              stroke={STATUS_COLOR[c.to]}
              strokeDasharray="4 3"
              label={{ value: c.to, position: 'insideTopLeft', fill: STATUS_COLOR[c.to], fontSize: 11 }}
            />
          ))}
          <Line yAxisId="lag" type="linear" dataKey="totalLag" name="Lag (messages)" stroke="#5aa9ff" dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
          <Line yAxisId="sec" type="linear" dataKey="maxLagSeconds" name="Max lag (time)" stroke="#f0b43c" dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Lag per partition (the biggest few; the rest summed). */
export function PartitionLagChart({ history }: { history: GroupHistory }) {
  const series = buildPartitionSeries(history);
  if (!series.rows.length) return <div className={styles.chartEmpty}>No samples in this range yet.</div>;
  return (
    <div data-testid="partition-chart" style={{ width: '100%', height: 220 }}>
      <ResponsiveContainer>
        <LineChart data={series.rows} margin={{ top: 8, right: 80, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis minTickGap={40} dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatClock(v)} tick={tick} stroke="var(--border-strong)" />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => formatCompact(v)} tick={tick} stroke="var(--border-strong)" width={56} />
          <Tooltip contentStyle={tooltipStyle} labelFormatter={(v) => formatClock(Number(v))} formatter={(value) => formatCount(Number(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.keys.map((k, i) => (
            <Line key={k} type="linear" dataKey={k} name={k} stroke={PALETTE[i % PALETTE.length]} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
