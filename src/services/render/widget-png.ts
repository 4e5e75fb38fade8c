import { CHART_THEME, chartSvg } from './chart-svg.ts';
import type { DashboardSnapshot, FigureItem, SnapshotItem, TableItem } from './snapshot-types.ts';
import { svgToPng } from './svg-png.ts';

/**
 * Widgets as PNG images without a browser: a figure card, a table or a note drawn as SVG here, a
 * chart by ECharts, each then rasterised by resvg with Inter. One item (GET …/widgets/:id/export.png)
 * or a whole snapshot stacked into one tall image (`udn export dashboard --format png`).
 */

const COLOURS = {
  text: '#212529',
  muted: '#5c636a',
  rule: '#dee2e6',
  border: '#e9ecef',
  stripe: '#f8f9fa',
  good: '#2b8a3e',
  bad: '#c92a2a',
};

const PAD = 16;
const TITLE = 28;
const ROW = 24;
const FIGURE_HEIGHT = 112;
const CHART_HEIGHT = 320;

/** A fragment of SVG `height` pixels tall, drawn from y = 0 in a box `width` wide. */
interface Block {
  svg: string;
  height: number;
}

const xmlText = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * Inter's average advance is about 0.56 em for UI text: enough to cut a text that would overflow
 * its cell before drawing (resvg does not clip or ellipsise by itself).
 */
const EM = 0.56;
function fitted(text: string, width: number, size: number): string {
  const max = Math.floor(width / (size * EM));
  if (text.length <= max) return text;
  return max <= 1 ? '…' : `${text.slice(0, max - 1)}…`;
}

function textEl(
  text: string,
  x: number,
  y: number,
  options: { size: number; colour: string; weight?: 400 | 600; anchor?: 'start' | 'end'; width: number },
): string {
  const { size, colour, weight = 400, anchor = 'start', width } = options;
  return `<text x="${x}" y="${y}" font-family="Inter" font-size="${size}" font-weight="${weight}" fill="${colour}" text-anchor="${anchor}">${xmlText(fitted(text, width, size))}</text>`;
}

function titleBlock(item: SnapshotItem, width: number): string {
  return textEl(item.title, 0, 18, { size: 15, colour: COLOURS.text, weight: 600, width });
}

function figureBlock(item: FigureItem, width: number): Block {
  const inner = width - 2 * PAD;
  const change =
    item.change === null
      ? textEl(item.previous === null ? 'No previous value' : `Previous: ${item.previous}`, PAD, 92, {
          size: 13,
          colour: COLOURS.muted,
          width: inner,
        })
      : `<text x="${PAD}" y="92" font-family="Inter" font-size="13"><tspan font-weight="600" fill="${
          item.good === null ? COLOURS.muted : item.good ? COLOURS.good : COLOURS.bad
        }">${xmlText(item.change)}</tspan><tspan fill="${COLOURS.muted}">  vs ${xmlText(
          fitted(item.previous ?? '—', inner - 80, 13),
        )}</tspan></text>`;
  return {
    height: FIGURE_HEIGHT,
    svg: [
      `<rect x="0.5" y="0.5" width="${width - 1}" height="${FIGURE_HEIGHT - 1}" rx="8" fill="#ffffff" stroke="${COLOURS.border}"/>`,
      textEl(item.title, PAD, 28, { size: 13, colour: COLOURS.muted, width: inner }),
      textEl(item.value, PAD, 64, { size: 28, colour: COLOURS.text, weight: 600, width: inner }),
      change,
    ].join(''),
  };
}

const FIGURE_CELL = /^(?:[A-Z]{3}\s)?[^A-Za-z\s]/;

function tableBlock(item: TableItem, width: number): Block {
  const count = item.columns.length;
  // The first column (names) gets two shares of the width, every other one share.
  const share = width / (count + 1);
  const widths = item.columns.map((_, index) => (count === 1 ? width : index === 0 ? 2 * share : share));
  const right = item.columns.map((_, index) => {
    const cells = item.rows.map((row) => row[index] ?? '').filter((cell) => cell !== '');
    return cells.length > 0 && cells.every((cell) => FIGURE_CELL.test(cell));
  });
  const cells = (values: readonly string[], y: number, colour: string, weight: 400 | 600) => {
    let x = 0;
    return values
      .map((value, index) => {
        const w = widths[index] ?? 0;
        const el = textEl(value, right[index] ? x + w - 6 : x + 6, y, {
          size: 12,
          colour,
          weight,
          anchor: right[index] ? 'end' : 'start',
          width: w - 12,
        });
        x += w;
        return el;
      })
      .join('');
  };
  const parts = [
    cells(item.columns, TITLE + 16, COLOURS.muted, 600),
    `<line x1="0" y1="${TITLE + ROW}" x2="${width}" y2="${TITLE + ROW}" stroke="${COLOURS.rule}"/>`,
  ];
  item.rows.forEach((row, index) => {
    const top = TITLE + ROW * (index + 1);
    if (index % 2 === 1)
      parts.push(`<rect x="0" y="${top}" width="${width}" height="${ROW}" fill="${COLOURS.stripe}"/>`);
    parts.push(cells(row, top + 16, COLOURS.text, 400));
  });
  return { height: TITLE + ROW * (item.rows.length + 1) + 4, svg: titleBlock(item, width) + parts.join('') };
}

/** A note's words wrapped at the box's width (by the same average advance as `fitted`). */
function wrap(text: string, width: number, size: number): string[] {
  const max = Math.max(8, Math.floor(width / (size * EM)));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (current && current.length + 1 + word.length > max) {
        lines.push(current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    lines.push(current);
  }
  return lines;
}

function textBlock(item: SnapshotItem & { kind: 'text' }, width: number): Block {
  const lines = wrap(item.text, width, 13);
  const body = lines
    .map((lineText, index) =>
      textEl(lineText, 0, TITLE + 18 + index * 19, { size: 13, colour: COLOURS.text, width }),
    )
    .join('');
  return { height: TITLE + 10 + lines.length * 19, svg: titleBlock(item, width) + body };
}

function chartBlock(item: SnapshotItem & { kind: 'chart' }, width: number): Block {
  const height = CHART_HEIGHT - TITLE;
  // ECharts' SVG nested at its place: one document, one rasterisation.
  const chart = chartSvg(item.chart, { width, height }).replace(/^<svg /, `<svg x="0" y="${TITLE}" `);
  return { height: CHART_HEIGHT, svg: titleBlock(item, width) + chart };
}

function blockOf(item: SnapshotItem, width: number): Block {
  switch (item.kind) {
    case 'figure':
      return figureBlock(item, width);
    case 'chart':
      return chartBlock(item, width);
    case 'table':
      return tableBlock(item, width);
    case 'text':
      return textBlock(item, width);
  }
}

const svgDocument = (width: number, height: number, body: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="${CHART_THEME.background}"/>${body}</svg>`;

/** One snapshot item as a PNG `width` CSS pixels wide (× `scale` real pixels); its height follows its content. */
export function widgetPng(item: SnapshotItem, options: { width?: number; scale?: number } = {}): Buffer {
  const width = options.width ?? 640;
  const inner = width - 2 * PAD;
  const block = blockOf(item, inner);
  const height = block.height + 2 * PAD;
  const svg = svgDocument(width, height, `<g transform="translate(${PAD},${PAD})">${block.svg}</g>`);
  return svgToPng(svg, width * (options.scale ?? 1));
}

/**
 * A whole snapshot as one tall PNG: its title, period and generation time, then every item in
 * reading order, full width (figures two to a row) — for `udn export dashboard --format png`.
 */
export function dashboardPng(
  snapshot: DashboardSnapshot,
  options: { width?: number; scale?: number } = {},
): Buffer {
  const width = options.width ?? 1200;
  const inner = width - 2 * PAD;
  const parts: string[] = [
    textEl(snapshot.title, PAD, PAD + 24, { size: 24, colour: COLOURS.text, weight: 600, width: inner }),
    textEl(`${snapshot.periodLabel} · ${snapshot.comparedWith}`, PAD, PAD + 48, {
      size: 13,
      colour: COLOURS.muted,
      width: inner,
    }),
    textEl(`${snapshot.scopeLabel} · Generated ${snapshot.generatedAt}`, PAD, PAD + 68, {
      size: 13,
      colour: COLOURS.muted,
      width: inner,
    }),
  ];
  let y = PAD + 88;
  const half = (inner - PAD) / 2;
  let pendingFigure = false;
  for (const item of snapshot.items) {
    if (item.kind === 'figure') {
      const x = pendingFigure ? PAD + half + PAD : PAD;
      const block = figureBlock(item, half);
      parts.push(`<g transform="translate(${x},${y})">${block.svg}</g>`);
      if (pendingFigure) y += block.height + PAD;
      pendingFigure = !pendingFigure;
      continue;
    }
    if (pendingFigure) {
      y += FIGURE_HEIGHT + PAD;
      pendingFigure = false;
    }
    const block = blockOf(item, inner);
    parts.push(`<g transform="translate(${PAD},${y})">${block.svg}</g>`);
    y += block.height + PAD;
  }
  if (pendingFigure) y += FIGURE_HEIGHT + PAD;
  return svgToPng(svgDocument(width, y, parts.join('')), width * (options.scale ?? 1));
}
