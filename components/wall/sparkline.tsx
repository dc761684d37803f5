/** A plain SVG sparkline: no axes, scaled to its own maximum (at least 1, so silence stays flat). */
export function Sparkline({ points, color, className }: { points: { at: number; perMinute: number }[]; color: string; className?: string }) {
  if (points.length < 2) return <svg className={className} viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true" />;
  const t0 = points[0]!.at;
  const span = Math.max(1, points.at(-1)!.at - t0);
  const max = Math.max(1, ...points.map((p) => p.perMinute));
  const xy = points.map((p) => `${(((p.at - t0) / span) * 100).toFixed(2)},${(28 - (p.perMinute / max) * 26).toFixed(2)}`);
  return (
    <svg className={className} viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
      <polygon points={`0,30 ${xy.join(' ')} 100,30`} fill={color} opacity={0.18} />
      <polyline points={xy.join(' ')} fill="none" stroke={color} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
