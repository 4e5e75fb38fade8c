import type { MailAttachment, MailMessage } from '../../auth/mailer.ts';
import { partsFromEpochDay } from '../../core/calendar-date.ts';
import type { DigestFrequency } from '../../core/contracts/digests.ts';
import type { DayRange } from '../../core/periods.ts';
import type { ChartSpec, DashboardSnapshot, FigureItem, SnapshotItem } from '../render/snapshot-types.ts';
import { chartPng } from '../render/svg-png.ts';

/** What one recipient's e-mail is made of: the snapshot built as them, and where the app is. */
export interface DigestMailInput {
  orgName: string;
  digestName: string;
  frequency: DigestFrequency;
  period: DayRange;
  snapshot: DashboardSnapshot;
  /** The app's public address (UDN_PUBLIC_URL): every figure and chart links back into it. */
  publicUrl: string;
  /** The dashboard as a PDF, attached when the digest asks for one. */
  pdf?: Buffer | null;
  /** Draws a chart as the e-mail's PNG; a send to many recipients passes a memoised one (chartImages). */
  chartImage?: (chart: ChartSpec) => Buffer;
}

/** Chart images: 600 px wide fits every mail client's reading pane; drawn at 2× for sharp screens. */
export const CHART_SIZE = { width: 600, height: 260 } as const;
const CHART_SCALE = 2;

const drawChart = (chart: ChartSpec): Buffer => chartPng(chart, CHART_SIZE, CHART_SCALE);

/**
 * A chart drawer that draws each distinct chart once: the copies of one send share most charts
 * (the organisation's and teams' figures are everyone's), and a PNG costs ~100 ms.
 */
export function chartImages(): (chart: ChartSpec) => Buffer {
  const drawn = new Map<string, Buffer>();
  return (chart) => {
    const key = JSON.stringify(chart);
    let png = drawn.get(key);
    if (!png) {
      png = drawChart(chart);
      drawn.set(key, png);
    }
    return png;
  };
}

const FREQUENCY_WORDS: Record<DigestFrequency, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "5 Dec 2026", "1–7 Dec 2026", "30 Nov–6 Dec 2026", "29 Dec 2025–4 Jan 2026". */
export function periodText(period: DayRange): string {
  const a = partsFromEpochDay(period.from);
  const b = partsFromEpochDay(period.to);
  const month = (m: number) => MONTHS[m - 1] ?? '';
  const end = `${b.day} ${month(b.month)} ${b.year}`;
  if (period.from === period.to) return end;
  if (a.year !== b.year) return `${a.day} ${month(a.month)} ${a.year}–${end}`;
  if (a.month !== b.month) return `${a.day} ${month(a.month)}–${end}`;
  return `${a.day}–${end}`;
}

/** "Weekly: Sales KPIs — 30 Nov–6 Dec 2026". */
export const digestSubject = (frequency: DigestFrequency, digestName: string, period: DayRange): string =>
  `${FREQUENCY_WORDS[frequency]}: ${digestName} — ${periodText(period)}`;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every name in a digest is someone's input (reps, deals, dashboards): nothing reaches the HTML raw. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** An app path as an absolute link; anything but a path of the app is not linked at all. */
export function absoluteLink(publicUrl: string, path: string): string | null {
  if (!path.startsWith('/') || path.startsWith('//')) return null;
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}

const FONT = "font-family:Inter,'Segoe UI',Helvetica,Arial,sans-serif";
const MUTED = 'color:#64748b';

const linked = (url: string | null, inner: string, style = 'color:#0f172a;text-decoration:none'): string =>
  url === null ? inner : `<a href="${escapeHtml(url)}" style="${style}">${inner}</a>`;

function changeHtml(item: FigureItem): string {
  if (item.change === null) return '';
  const colour = item.good === null ? '#64748b' : item.good ? '#15803d' : '#b91c1c';
  return ` <span style="font-size:13px;color:${colour}">${escapeHtml(item.change)}</span>`;
}

function figuresHtml(items: readonly FigureItem[], publicUrl: string): string {
  if (items.length === 0) return '';
  const cells = items.map(
    (item) =>
      `<td style="padding:8px 12px;border:1px solid #e2e8f0;vertical-align:top;width:50%">` +
      `<div style="font-size:12px;${MUTED}">${escapeHtml(item.title)}</div>` +
      `<div style="font-size:20px;font-weight:600">${linked(absoluteLink(publicUrl, item.link), escapeHtml(item.value))}${changeHtml(item)}</div>` +
      (item.previous === null
        ? ''
        : `<div style="font-size:12px;${MUTED}">before: ${escapeHtml(item.previous)}</div>`) +
      `</td>`,
  );
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 2)
    rows.push(`<tr>${cells[i]}${cells[i + 1] ?? '<td style="border:1px solid #e2e8f0"></td>'}</tr>`);
  return `<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;margin:8px 0">${rows.join('')}</table>`;
}

const heading = (title: string, url: string | null): string =>
  `<h2 style="font-size:15px;margin:20px 0 6px">${linked(url, escapeHtml(title))}</h2>`;

function itemHtml(item: Exclude<SnapshotItem, FigureItem>, publicUrl: string, cid: string | null): string {
  const url = absoluteLink(publicUrl, item.link);
  if (item.kind === 'chart')
    return (
      heading(item.title, url) +
      linked(
        url,
        `<img src="cid:${cid}" width="${CHART_SIZE.width}" height="${CHART_SIZE.height}" alt="${escapeHtml(item.title)}" style="display:block;max-width:100%;height:auto;border:0">`,
      )
    );
  if (item.kind === 'table') {
    const head = item.columns
      .map(
        (c, i) =>
          `<th style="text-align:${i === 0 ? 'left' : 'right'};padding:4px 8px;border-bottom:1px solid #cbd5e1;font-size:12px;${MUTED}">${escapeHtml(c)}</th>`,
      )
      .join('');
    const body = item.rows
      .map(
        (row) =>
          `<tr>${row
            .map(
              (cell, i) =>
                `<td style="text-align:${i === 0 ? 'left' : 'right'};padding:4px 8px;border-bottom:1px solid #f1f5f9;font-size:13px">${escapeHtml(cell)}</td>`,
            )
            .join('')}</tr>`,
      )
      .join('');
    return `${heading(item.title, url)}<table cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  }
  return `${heading(item.title, url)}<p style="font-size:14px;margin:0;white-space:pre-wrap">${escapeHtml(item.text)}</p>`;
}

/** The plain-text alternative: the same figures, tables and links, for clients that show no HTML. */
function textOf(input: DigestMailInput, subject: string): string {
  const { snapshot, publicUrl } = input;
  const lines = [subject, `${input.orgName} · ${snapshot.title}`, snapshot.periodLabel];
  if (snapshot.comparedWith) lines.push(snapshot.comparedWith);
  lines.push('');
  for (const item of snapshot.items) {
    const url = absoluteLink(publicUrl, item.link);
    if (item.kind === 'figure') {
      lines.push(`${item.title}: ${item.value}${item.change === null ? '' : ` (${item.change})`}`);
    } else {
      lines.push('', item.title);
      if (item.kind === 'table') {
        lines.push(item.columns.join(' | '));
        for (const row of item.rows) lines.push(row.join(' | '));
      } else if (item.kind === 'text') lines.push(item.text);
      else if (item.chart.labels)
        for (const [i, c] of item.chart.categories.entries())
          lines.push(`${c}: ${item.chart.labels[i] ?? ''}`);
    }
    if (url !== null) lines.push(`  ${url}`);
  }
  lines.push('', `Generated ${snapshot.generatedAt}.`);
  return lines.join('\n');
}

/**
 * One recipient's digest: an HTML e-mail (organisation, digest, period, each figure with its
 * change, each chart as an inline PNG referenced by `cid:`, tables as HTML tables, everything
 * linking back into the app) and a text alternative with the same figures; the PDF attached when
 * given. Every text is the snapshot's, formatted once by the render service, so the mail shows the
 * KPI report's numbers exactly.
 */
export function digestMail(input: DigestMailInput): Omit<MailMessage, 'to'> {
  const { snapshot, publicUrl } = input;
  const subject = digestSubject(input.frequency, input.digestName, input.period);
  const attachments: MailAttachment[] = [];
  const parts: string[] = [];
  let figures: FigureItem[] = [];
  const flush = () => {
    parts.push(figuresHtml(figures, publicUrl));
    figures = [];
  };
  for (const item of snapshot.items) {
    if (item.kind === 'figure') {
      figures.push(item);
      continue;
    }
    flush();
    let cid: string | null = null;
    if (item.kind === 'chart') {
      cid = `chart-${attachments.length + 1}@udn`;
      attachments.push({
        filename: `${item.id.replace(/[^\w-]+/g, '-') || 'chart'}.png`,
        content: (input.chartImage ?? drawChart)(item.chart),
        contentType: 'image/png',
        cid,
      });
    }
    parts.push(itemHtml(item, publicUrl, cid));
  }
  flush();
  if (input.pdf) {
    attachments.push({
      filename: `${snapshot.title.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '') || 'digest'}.pdf`,
      content: input.pdf,
      contentType: 'application/pdf',
    });
  }
  const appUrl = absoluteLink(publicUrl, '/');
  const html = [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:16px;background:#f8fafc;${FONT};color:#0f172a">`,
    '<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:20px;border:1px solid #e2e8f0">',
    `<div style="font-size:12px;${MUTED}">${escapeHtml(input.orgName)}</div>`,
    `<h1 style="font-size:20px;margin:4px 0">${escapeHtml(input.digestName)}</h1>`,
    `<div style="font-size:13px">${escapeHtml(snapshot.title)} · ${escapeHtml(snapshot.periodLabel)}</div>`,
    snapshot.comparedWith
      ? `<div style="font-size:12px;${MUTED}">${escapeHtml(snapshot.comparedWith)}</div>`
      : '',
    ...parts,
    `<p style="font-size:12px;${MUTED};margin-top:24px">Generated ${escapeHtml(snapshot.generatedAt)}. ${linked(appUrl, 'Open UDN', 'color:#2563eb')}</p>`,
    '</div></body></html>',
  ].join('');
  return { subject, text: textOf(input, subject), html, attachments };
}
