import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { chartSvg } from './chart-svg.ts';
import { opaquePng } from './png-pixels.ts';
import type { ChartSpec } from './snapshot-types.ts';

const require = createRequire(import.meta.url);

/**
 * Inter as TrueType, shipped with the package: a server may have no fonts at all, and resvg and
 * pdfkit read TTF (not the web app's woff2).
 */
export const INTER_FILES = {
  regular: require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  semibold: require.resolve('@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf'),
} as const;

/**
 * An SVG drawn as a PNG `width` pixels wide (the height follows the SVG's aspect ratio), on white.
 * System fonts are not loaded: every machine draws the same pixels, and loading them costs ~100 ms.
 * The PNG is opaque RGB, without resvg's alpha channel: pdfkit embeds such a PNG as it is but
 * decodes and re-compresses one with alpha in plain JavaScript (seconds per dashboard PDF).
 */
export function svgToPng(svg: string, width: number): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width) },
    background: '#ffffff',
    font: {
      fontFiles: [INTER_FILES.regular, INTER_FILES.semibold],
      loadSystemFonts: false,
      defaultFontFamily: 'Inter',
    },
  });
  const image = resvg.render();
  return opaquePng(image.width, image.height, image.pixels);
}

/**
 * A chart as a PNG of exactly `size` pixels. `scale` draws it sharper (2 for print and high-density
 * screens) at the same layout: the PNG is then scale × size.
 */
export function chartPng(spec: ChartSpec, size: { width: number; height: number }, scale = 1): Buffer {
  return svgToPng(chartSvg(spec, size), size.width * scale);
}
