/** Room around the donut for its segment borders and the hover enlargement (emphasis.scaleSize). */
export const DONUT_PAD = 6;
export const HOVER_GROWTH = 4;
const LEGEND_GAP = 12;
/** One row of the horizontal legend under the donut, and the space above it. */
const LEGEND_ROW = 22;
/** Approximate advance of a legend character at 12 px, plus the icon, its gap and the box padding. */
const CHAR_PX = 6.8;
const LEGEND_CHROME = 8 + 6 + 10;

export interface DonutLayout {
  legend: 'right' | 'bottom';
  /** The legend's box width in pixels (right) or the width it may take (bottom). */
  legendWidth: number;
  center: [number, number];
  radius: [number, number];
}

/**
 * Where a donut and its legend go in a chart of `width` × `height` pixels: the legend beside the
 * donut when that leaves it at least nearly as large as a legend underneath would, else under it.
 * The donut's radius comes from the room left, so it never runs past the frame or under the legend
 * (percentages of the whole box did both on a wide, short widget).
 */
export function donutLayout(width: number, height: number, labels: readonly string[]): DonutLayout {
  const longest = labels.reduce((max, label) => Math.max(max, label.length), 0);
  const legendWidth = Math.min(Math.ceil(longest * CHAR_PX) + LEGEND_CHROME, Math.floor(width * 0.45));
  const room = DONUT_PAD + HOVER_GROWTH;

  const besideWidth = width - legendWidth - LEGEND_GAP;
  const besideRadius = Math.min(besideWidth / 2, height / 2) - room;
  const belowHeight = height - LEGEND_ROW;
  const belowRadius = Math.min(width / 2, belowHeight / 2) - room;

  const outer = (radius: number) => Math.max(12, Math.floor(radius));
  if (besideRadius >= belowRadius * 0.85) {
    const r = outer(besideRadius);
    return {
      legend: 'right',
      legendWidth,
      center: [Math.round(besideWidth / 2), Math.round(height / 2)],
      radius: [Math.round(r * 0.62), r],
    };
  }
  const r = outer(belowRadius);
  return {
    legend: 'bottom',
    legendWidth: width,
    center: [Math.round(width / 2), Math.round(belowHeight / 2)],
    radius: [Math.round(r * 0.62), r],
  };
}
