import { describe, expect, it } from 'vitest';
import { CHART_THEME, chartOption, chartSvg } from './chart-svg.ts';
import { decodePng, hasColour, inkedPixels, pngSize } from './png-pixels.ts';
import type { ChartSpec } from './snapshot-types.ts';
import { chartPng } from './svg-png.ts';

const revenueByTeam: ChartSpec = {
  type: 'bar',
  categories: ['Jakarta', 'Surabaya', 'Bandung'],
  series: [{ name: 'Revenue', values: [12_500_000, 8_000_000, 3_000_000] }],
  unit: 'money',
  currency: 'IDR',
  labels: ['IDR 12,500,000', 'IDR 8,000,000', 'IDR 3,000,000'],
  target: { label: 'Target', value: 9_000_000 },
};

describe('charts rendered on the server', () => {
  it('a chart PNG is a PNG of the asked size, drawn in the palette of the web app with a target line', () => {
    const png = chartPng(revenueByTeam, { width: 600, height: 300 });
    expect(pngSize(png)).toEqual({ width: 600, height: 300 });
    expect(png.length).toBeGreaterThan(3000);
    const image = decodePng(png);
    // Bars in the first colour of the palette, the dashed target line in its own.
    expect(hasColour(image, CHART_THEME.colors[0])).toBe(true);
    expect(hasColour(image, CHART_THEME.target, 20)).toBe(true);
    expect(inkedPixels(image)).toBeGreaterThan(600 * 300 * 0.05);
  });

  it('scale 2 draws the same chart at twice the pixels', () => {
    const png = chartPng(revenueByTeam, { width: 400, height: 200 }, 2);
    expect(pngSize(png)).toEqual({ width: 800, height: 400 });
  });

  it('the SVG carries the formatted figures and Inter, and no animation', () => {
    const svg = chartSvg(revenueByTeam, { width: 600, height: 300 });
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of revenueByTeam.labels ?? []) expect(svg).toContain(label);
    expect(svg).toContain('Inter');
    expect(chartOption(revenueByTeam)).toMatchObject({ animation: false });
  });

  it.each(['line', 'area', 'hbar', 'pie', 'funnel'] as const)('a %s chart draws something', (type) => {
    const spec: ChartSpec = {
      type,
      categories: ['Jan', 'Feb', 'Mar'],
      series: [{ name: 'Deals won', values: [12, null, 30] }],
      unit: 'count',
      currency: 'IDR',
    };
    const image = decodePng(chartPng(spec, { width: 320, height: 200 }));
    expect(image.width).toBe(320);
    expect(hasColour(image, CHART_THEME.colors[0])).toBe(true);
  });

  it('a blank white image has no ink (the check above can fail)', () => {
    const blank = chartPng(
      { ...revenueByTeam, type: 'bar', categories: [], series: [], labels: [] },
      {
        width: 100,
        height: 60,
      },
    );
    expect(hasColour(decodePng(blank), CHART_THEME.colors[0])).toBe(false);
  });
});
