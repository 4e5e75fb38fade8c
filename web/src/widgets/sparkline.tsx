import type { SeriesPoint } from '../api/types.ts';

/**
 * A trend line in plain SVG: cheap enough for ten cards on the first paint, where a chart library
 * would have to load first.
 */
export function Sparkline({
  points,
  color,
  height = 36,
}: {
  points: SeriesPoint[];
  color: string;
  height?: number;
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
  let path = '';
  let area = '';
  let open = false;
  values.forEach((value, index) => {
    if (value === null) {
      open = false;
      return;
    }
    const x = index * step;
    path += `${open ? 'L' : 'M'}${x.toFixed(2)},${y(value).toFixed(2)}`;
    open = true;
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
      <path d={path} fill="none" stroke={color} strokeWidth={1.75} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
