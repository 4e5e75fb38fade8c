import PDFDocument from 'pdfkit';
import type { DashboardSnapshot, FigureItem, SnapshotItem, TableItem } from './snapshot-types.ts';
import { chartPng, INTER_FILES } from './svg-png.ts';

export type Paper = 'a4' | 'letter';

export interface PdfOptions {
  paper: Paper;
  /** The filters the document was made with, printed under the title ("Scope: Team Jakarta"). */
  filters: string[];
  /** The app's address: with it each title links to the same view in the app. */
  baseUrl?: string | undefined;
}

/** Landscape page sizes in points (1/72 in): A4 297 × 210 mm, Letter 11 × 8.5 in. */
export const PAGE_SIZES: Readonly<Record<Paper, { width: number; height: number }>> = {
  a4: { width: 841.89, height: 595.28 },
  letter: { width: 792, height: 612 },
};

const MARGIN = 36;
const HEADER = 62;
const GAP = 12;
const CARD_COLUMNS = 4;
const CARD_HEIGHT = 68;
const CHART_COLUMNS = 2;
const CHART_HEIGHT = 200;
const TITLE_HEIGHT = 18;
const ROW_HEIGHT = 16;
const TABLE_FONT = 8;
/** Charts are drawn at twice their size in the PDF, so they stay sharp when printed or zoomed. */
const CHART_SCALE = 2;

const COLOURS = {
  text: '#212529',
  muted: '#5c636a',
  rule: '#dee2e6',
  cardBorder: '#e9ecef',
  stripe: '#f8f9fa',
  good: '#2b8a3e',
  bad: '#c92a2a',
};

type Doc = PDFKit.PDFDocument;

/** Where the next item goes: the page's running y, and the row of cards or charts being filled. */
interface Cursor {
  y: number;
  row: { kind: 'figure' | 'chart'; column: number; height: number } | null;
}

const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const contentTop = MARGIN + HEADER;
const contentBottom = (doc: Doc) => doc.page.height - MARGIN;

function newPage(doc: Doc, cursor: Cursor): void {
  doc.addPage();
  cursor.y = contentTop;
  cursor.row = null;
}

/** Makes room for `height` points, on a new page when this one has less left. */
function ensure(doc: Doc, cursor: Cursor, height: number): void {
  if (cursor.y + height > contentBottom(doc) && cursor.y > contentTop) newPage(doc, cursor);
}

/** Closes a row of cards or charts: the next item starts below its tallest. */
function endRow(cursor: Cursor): void {
  if (!cursor.row) return;
  cursor.y += cursor.row.height + GAP;
  cursor.row = null;
}

/** The next cell of a grid row of `columns` cells; a full row (or another kind) starts a new one. */
function cell(doc: Doc, cursor: Cursor, kind: 'figure' | 'chart', columns: number, height: number) {
  if (cursor.row && (cursor.row.kind !== kind || cursor.row.column >= columns)) endRow(cursor);
  if (!cursor.row) {
    ensure(doc, cursor, height);
    cursor.row = { kind, column: 0, height };
  }
  const width = (contentWidth(doc) - (columns - 1) * GAP) / columns;
  const x = MARGIN + cursor.row.column * (width + GAP);
  cursor.row.column++;
  return { x, y: cursor.y, width };
}

/** One line of text cut to `width` with an ellipsis, never wrapping into what lies below. */
function line(doc: Doc, text: string, x: number, y: number, width: number, align: 'left' | 'right' = 'left') {
  doc.text(text, x, y, { width, height: doc.currentLineHeight(), lineBreak: false, ellipsis: true, align });
}

function title(doc: Doc, item: SnapshotItem, x: number, y: number, width: number, options: PdfOptions) {
  doc.font('semibold').fontSize(10).fillColor(COLOURS.text);
  line(doc, item.title, x, y, width);
  if (options.baseUrl)
    doc.link(x, y, Math.min(width, doc.widthOfString(item.title)), 12, options.baseUrl + item.link);
}

function figure(doc: Doc, cursor: Cursor, item: FigureItem, options: PdfOptions): void {
  const { x, y, width } = cell(doc, cursor, 'figure', CARD_COLUMNS, CARD_HEIGHT);
  doc.roundedRect(x, y, width, CARD_HEIGHT, 6).lineWidth(0.75).strokeColor(COLOURS.cardBorder).stroke();
  const inner = width - 20;
  doc.font('regular').fontSize(8.5).fillColor(COLOURS.muted);
  line(doc, item.title, x + 10, y + 9, inner);
  if (options.baseUrl) doc.link(x, y, width, CARD_HEIGHT, options.baseUrl + item.link);
  doc.font('semibold').fontSize(17).fillColor(COLOURS.text);
  line(doc, item.value, x + 10, y + 21, inner);
  doc.font('regular').fontSize(8.5);
  if (item.change !== null) {
    doc.fillColor(item.good === null ? COLOURS.muted : item.good ? COLOURS.good : COLOURS.bad);
    line(doc, `${item.change}  `, x + 10, y + 46, inner);
    const changeWidth = Math.min(inner, doc.widthOfString(`${item.change}  `));
    doc.fillColor(COLOURS.muted);
    line(doc, `vs ${item.previous ?? '—'}`, x + 10 + changeWidth, y + 46, inner - changeWidth);
  } else {
    doc.fillColor(COLOURS.muted);
    line(
      doc,
      item.previous === null ? 'No previous value' : `Previous: ${item.previous}`,
      x + 10,
      y + 50,
      inner,
    );
  }
}

function chart(doc: Doc, cursor: Cursor, item: SnapshotItem & { kind: 'chart' }, options: PdfOptions): void {
  const { x, y, width } = cell(doc, cursor, 'chart', CHART_COLUMNS, CHART_HEIGHT);
  title(doc, item, x, y, width, options);
  const size = { width: Math.round(width), height: CHART_HEIGHT - TITLE_HEIGHT };
  doc.image(chartPng(item.chart, size, CHART_SCALE), x, y + TITLE_HEIGHT, {
    width: size.width,
    height: size.height,
  });
}

/** A column of figures is right-aligned: its cells start with a digit, a sign or a currency (or are empty). */
const FIGURE = /^(?:[A-Z]{3}\s)?[^A-Za-z\s]/;
const alignments = (item: TableItem): ('left' | 'right')[] =>
  item.columns.map((_, index) => {
    const cells = item.rows.map((row) => row[index] ?? '').filter((cell) => cell !== '');
    return cells.length > 0 && cells.every((cell) => FIGURE.test(cell)) ? 'right' : 'left';
  });

const CELL_PADDING = 8;
const MAX_NATURAL = 220;

/**
 * Column widths from their content: each column's widest cell (or header word), then the rest of the
 * page's width shared equally; a table too wide for the page shrinks every column in proportion
 * (cells then end in an ellipsis, headers wrap on two lines).
 */
function columnWidths(doc: Doc, item: TableItem): number[] {
  const total = contentWidth(doc);
  doc.font('regular').fontSize(TABLE_FONT);
  const natural = item.columns.map((column, index) => {
    const widest = Math.max(
      ...column.split(' ').map((word) => doc.widthOfString(word)),
      ...item.rows.map((row) => doc.widthOfString(row[index] ?? '')),
    );
    return Math.min(MAX_NATURAL, widest + CELL_PADDING * 1.5);
  });
  const sum = natural.reduce((a, b) => a + b, 0);
  if (sum > total) return natural.map((width) => (width * total) / sum);
  const extra = (total - sum) / natural.length;
  return natural.map((width) => width + extra);
}

const HEADER_ROW = 2 * ROW_HEIGHT - 4;

function tableHeader(doc: Doc, item: TableItem, layout: TableLayout, y: number): void {
  doc.font('semibold').fontSize(TABLE_FONT).fillColor(COLOURS.muted);
  let x = MARGIN;
  item.columns.forEach((column, index) => {
    const width = layout.widths[index] ?? 0;
    // Two lines at most, aligned to the bottom like the cells below it.
    const height =
      doc.heightOfString(column, { width: width - CELL_PADDING }) > doc.currentLineHeight(true) + 1;
    doc.text(column, x + CELL_PADDING / 2, y + (height ? 3 : 3 + ROW_HEIGHT - 4), {
      width: width - CELL_PADDING,
      height: HEADER_ROW - 3,
      ellipsis: true,
      align: layout.align[index] ?? 'left',
    });
    x += width;
  });
  doc
    .moveTo(MARGIN, y + HEADER_ROW)
    .lineTo(MARGIN + contentWidth(doc), y + HEADER_ROW)
    .lineWidth(0.75)
    .strokeColor(COLOURS.rule)
    .stroke();
}

interface TableLayout {
  widths: number[];
  align: ('left' | 'right')[];
}

/** A table across the page's width; rows that do not fit go on the next page under a repeated header. */
function table(doc: Doc, cursor: Cursor, item: TableItem, options: PdfOptions): void {
  endRow(cursor);
  const whole = TITLE_HEIGHT + HEADER_ROW + item.rows.length * ROW_HEIGHT;
  const page = contentBottom(doc) - contentTop;
  // A table that fits on a page is not split; a longer one starts with its title, header and a row.
  ensure(doc, cursor, whole <= page ? whole : TITLE_HEIGHT + HEADER_ROW + ROW_HEIGHT);
  title(doc, item, MARGIN, cursor.y, contentWidth(doc), options);
  cursor.y += TITLE_HEIGHT;
  const layout: TableLayout = { widths: columnWidths(doc, item), align: alignments(item) };
  tableHeader(doc, item, layout, cursor.y);
  cursor.y += HEADER_ROW;
  item.rows.forEach((row, rowIndex) => {
    if (cursor.y + ROW_HEIGHT > contentBottom(doc)) {
      newPage(doc, cursor);
      doc.font('regular').fontSize(8.5).fillColor(COLOURS.muted);
      line(doc, `${item.title} (continued)`, MARGIN, cursor.y, contentWidth(doc));
      cursor.y += TITLE_HEIGHT;
      tableHeader(doc, item, layout, cursor.y);
      cursor.y += HEADER_ROW;
    }
    if (rowIndex % 2 === 1) doc.rect(MARGIN, cursor.y, contentWidth(doc), ROW_HEIGHT).fill(COLOURS.stripe);
    doc.font('regular').fontSize(TABLE_FONT).fillColor(COLOURS.text);
    let x = MARGIN;
    row.forEach((value, index) => {
      const width = layout.widths[index] ?? 0;
      line(
        doc,
        value,
        x + CELL_PADDING / 2,
        cursor.y + 4,
        width - CELL_PADDING,
        layout.align[index] ?? 'left',
      );
      x += width;
    });
    cursor.y += ROW_HEIGHT;
  });
  cursor.y += GAP;
}

/** A note's text, wrapped; a long one continues on the next pages (pdfkit breaks it at the margin). */
function text(doc: Doc, cursor: Cursor, item: SnapshotItem & { kind: 'text' }, options: PdfOptions): void {
  endRow(cursor);
  doc.font('regular').fontSize(9);
  const width = contentWidth(doc);
  const height = doc.heightOfString(item.text || ' ', { width });
  ensure(doc, cursor, TITLE_HEIGHT + Math.min(height, 3 * doc.currentLineHeight(true)));
  title(doc, item, MARGIN, cursor.y, width, options);
  cursor.y += TITLE_HEIGHT;
  doc.font('regular').fontSize(9).fillColor(COLOURS.text);
  doc.text(item.text, MARGIN, cursor.y, { width });
  cursor.y = doc.y + GAP;
}

/** The header of every page: what, when, for whom, and where in the document. */
function header(doc: Doc, snapshot: DashboardSnapshot, options: PdfOptions, page: number, pages: number) {
  const width = contentWidth(doc);
  const pageText = `Page ${page} of ${pages}`;
  doc.font('regular').fontSize(8.5);
  const pageWidth = doc.widthOfString(pageText) + 4;
  doc.fillColor(COLOURS.muted);
  line(doc, pageText, MARGIN + width - pageWidth, MARGIN, pageWidth, 'right');
  doc.font('semibold').fontSize(15).fillColor(COLOURS.text);
  line(doc, snapshot.title, MARGIN, MARGIN - 2, width - pageWidth - GAP);
  doc.font('regular').fontSize(8.5).fillColor(COLOURS.muted);
  line(doc, `${snapshot.periodLabel} · ${snapshot.comparedWith}`, MARGIN, MARGIN + 20, width);
  const filters = [...options.filters, `Generated ${snapshot.generatedAt}`].join(' · ');
  line(doc, filters, MARGIN, MARGIN + 32, width);
  doc
    .moveTo(MARGIN, MARGIN + HEADER - 12)
    .lineTo(MARGIN + width, MARGIN + HEADER - 12)
    .lineWidth(0.75)
    .strokeColor(COLOURS.rule)
    .stroke();
}

/**
 * A dashboard as a landscape PDF: a header on every page (name, period and comparison, filters,
 * generation time, page x of y), then the items in reading order — figures as cards four to a row,
 * charts as images two to a row, tables across the page split between pages under a repeated
 * header, notes as text. Inter is embedded, so every viewer shows the same document.
 */
export function dashboardPdf(snapshot: DashboardSnapshot, options: PdfOptions): Promise<Buffer> {
  const size = PAGE_SIZES[options.paper];
  const doc = new PDFDocument({
    size: [size.width, size.height],
    // The top margin keeps text that flows onto a new page clear of the header drawn there.
    margins: { top: contentTop, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: `${snapshot.title} — ${snapshot.periodLabel}`, Creator: 'UDN' },
  });
  doc.registerFont('regular', INTER_FILES.regular);
  doc.registerFont('semibold', INTER_FILES.semibold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    const cursor: Cursor = { y: contentTop, row: null };
    for (const item of snapshot.items) {
      if (item.kind === 'figure') figure(doc, cursor, item, options);
      else if (item.kind === 'chart') chart(doc, cursor, item, options);
      else if (item.kind === 'table') table(doc, cursor, item, options);
      else text(doc, cursor, item, options);
    }
    if (snapshot.items.length === 0) {
      doc.font('regular').fontSize(10).fillColor(COLOURS.muted);
      doc.text('This dashboard has no widgets.', MARGIN, contentTop);
    }
    const range = doc.bufferedPageRange();
    for (let index = 0; index < range.count; index++) {
      doc.switchToPage(range.start + index);
      // Drawn into the top margin: without margins pdfkit would not start a page for it.
      const margins = doc.page.margins;
      doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      header(doc, snapshot, options, index + 1, range.count);
      doc.page.margins = margins;
    }
    doc.end();
  } catch (error) {
    doc.end();
    return Promise.reject(error);
  }
  return done;
}
