import type { SeriesPoint } from '../api/types.ts';

/**
 * A trend line in plain SVG: cheap enough for ten cards on the first paint, where a chart library
 * would have to load first. From `incompleteFrom` on (the bucket still running today) the line is
 * dashed, as on the time charts: its value is only to date.
 */
export function Sparkline({
  points,
  color,
  height = 36,
  incompleteFrom = -1,
}: {
  points: SeriesPoint[];
  color: string;
  height?: number;
  incompleteFrom?: number;
}) {
  const values = points.map((point) => point.value);
  const known = values.filter((value): value is number => value !== null);
  if (known.length < 2) return <div style={{ height }} aria-hidden />;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || 1;
  const width = 100;
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const y = (value: number) => height - 2 - ((value - min) / span) * (height - 4);
  const running = (index: number) => incompleteFrom >= 0 && index >= incompleteFrom;
  let path = '';
  let solid = '';
  let dashed = '';
  let area = '';
  values.forEach((value, index) => {
    if (value === null) return;
    const point = `${(index * step).toFixed(2)},${y(value).toFixed(2)}`;
    const previous = index > 0 ? values[index - 1] : null;
    const from =
      previous === null || previous === undefined
        ? null
        : `${((index - 1) * step).toFixed(2)},${y(previous).toFixed(2)}`;
    path += `${from === null ? 'M' : 'L'}${point}`;
    // The segment into a running bucket is dashed; the rest of the line solid.
    if (running(index)) dashed += from === null ? `M${point}` : `M${from}L${point}`;
    else solid += `${from === null ? 'M' : 'L'}${point}`;
  });
  const firstIndex = values.findIndex((value) => value !== null);
  const lastIndex = values.length - 1 - [...values].reverse().findIndex((value) => value !== null);
  if (firstIndex >= 0 && lastIndex >= firstIndex && !values.slice(firstIndex, lastIndex + 1).includes(null)) {
    area = `${path}L${(lastIndex * step).toFixed(2)},${height}L${(firstIndex * step).toFixed(2)},${height}Z`;
  }
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      width="100%"
      height={height}
      aria-hidden
      style={{ display: 'block', overflow: 'visible' }}
    >
      {area && <path d={area} fill={color} opacity={0.1} />}
      <path d={solid} fill="none" stroke={color} strokeWidth={1.75} vectorEffect="non-scaling-stroke" />
      {dashed && (
        <path
          d={dashed}
          fill="none"
          stroke={color}
          strokeWidth={1.75}
          strokeDasharray="3 3"
          opacity={0.8}
          vectorEffect="non-scaling-stroke"
          data-testid="sparkline-to-date"
        />
      )}
    </svg>
  );
}
