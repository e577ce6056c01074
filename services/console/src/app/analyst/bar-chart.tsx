/** A horizontal bar chart in SVG (no chart library, no inline style: the CSP holds). */
export function BarChart({ label, bars }: { label: string; bars: { label: string; value: number }[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 22;
  const labelWidth = 170;
  const width = 560;
  return (
    <svg className="chart" role="img" aria-label={label} viewBox={`0 0 ${width} ${bars.length * row + 4}`}>
      <title>{label}</title>
      {bars.map((b, i) => {
        const w = ((width - labelWidth - 50) * b.value) / max;
        return (
          <g key={`${b.label}-${i}`} transform={`translate(0 ${i * row + 2})`}>
            <text x={labelWidth - 6} y={row * 0.7} textAnchor="end" className="chart-label">
              {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
            </text>
            <rect x={labelWidth} y={3} width={Math.max(1, w)} height={row - 6} className="chart-bar" />
            <text x={labelWidth + w + 4} y={row * 0.7} className="chart-label">
              {b.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
