import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '../src/core/format.ts';
import { METRICS } from '../src/core/kpis/definitions.ts';
import { presetPeriod } from '../web/src/features/dashboard/period-presets.ts';
import { getOrg, getReport } from './support/api.ts';
import { newContext } from './support/chromium.ts';
import { waitForCards } from './support/page.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();
const downloads = mkdtempSync(path.join(tmpdir(), 'udn-exports-e2e-'));

let currency: string;
/** A whole past quarter: its numbers do not move while the test runs. */
let quarter: string;

beforeAll(async () => {
  const org = await getOrg(suite.udn.url);
  currency = org.currency;
  quarter = presetPeriod('last_quarter', org.today, org.fiscalYearStartMonth);
});
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

async function openDashboard(): Promise<Page> {
  const context = await newContext(suite.browser);
  const page = await context.newPage();
  await page.goto(`${suite.udn.url}/?period=${quarter}`);
  await waitForCards(page);
  return page;
}

/** Clicks through a menu to a download link and saves what the browser downloaded. */
async function download(page: Page, menu: string, item: string): Promise<{ file: string; name: string }> {
  await page.getByTestId(menu).click();
  const [event] = await Promise.all([page.waitForEvent('download'), page.getByTestId(item).click()]);
  const file = path.join(downloads, event.suggestedFilename());
  await event.saveAs(file);
  return { file, name: event.suggestedFilename() };
}

describe('exports from the dashboard', () => {
  it('the team table as XLSX: money headed with the currency, every number equal to GET /kpis', async () => {
    const page = await openDashboard();
    // The table renders when scrolled near (WhenVisible): bring its frame into view first.
    await page.getByTestId('widget-team-table').scrollIntoViewIfNeeded();
    await page.getByTestId('team-table-team-table').waitFor();
    const { file, name } = await download(page, 'export-team-team-table', 'export-team-team-table-xlsx');
    expect(name).toMatch(/\.xlsx$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(readFileSync(file)).buffer);
    const rows: ExcelJS.CellValue[][] = [];
    workbook.worksheets[0]!.eachRow((row) => {
      rows.push((row.values as ExcelJS.CellValue[]).slice(1));
    });
    const header = rows[0] as string[];
    const revenueColumn = header.indexOf(`Revenue (${currency})`);
    expect(revenueColumn, header.join(' | ')).toBeGreaterThan(0);
    const idColumn = header.indexOf('Rep ID');
    const kindColumn = header.indexOf('Row');

    const report = await getReport(suite.udn.url, `period=${quarter}`);
    const repRows = rows.slice(1).filter((row) => row[kindColumn] === 'rep');
    expect(repRows.map((row) => row[idColumn]).sort()).toEqual(Object.keys(report.reps).sort());
    for (const row of repRows) {
      const id = row[idColumn] as string;
      expect(row[revenueColumn] ?? null, id).toBe(report.reps[id]!.revenue);
    }
    const org = rows.find((row) => row[kindColumn] === 'organisation total');
    expect(org?.[revenueColumn]).toBe(report.org.revenue);
    await page.context().close();
  });

  it('the dashboard as PDF: its name, period, generation time and a KPI value', async () => {
    const page = await openDashboard();
    const { file, name } = await download(page, 'export-pdf', 'export-pdf-a4');
    expect(name).toMatch(/\.pdf$/);
    const parser = new PDFParse({ data: new Uint8Array(readFileSync(file)) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    expect(text).toContain('Sales KPIs');
    const [year, q] = quarter.split('-Q');
    expect(text).toContain(`Q${q} ${year}`);
    expect(text).toMatch(/Generated \w{3} \d{1,2}, \d{4}/);
    const report = await getReport(suite.udn.url, `period=${quarter}`);
    // The PDF's text has plain spaces where the formatted value has no-break ones (IDR 1,234).
    const value = formatValue(report.org.revenue_per_rep, METRICS.revenue_per_rep.unit, {
      locale: 'en',
      currency,
    }).replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain(`${METRICS.revenue_per_rep.label.en}\n${value}\n`);
    await page.context().close();
  });

  it('a widget as PNG from its menu', async () => {
    const page = await openDashboard();
    await page.getByTestId('widget-revenue-trend').scrollIntoViewIfNeeded();
    await page.getByTestId('widget-revenue-trend').hover();
    const { file, name } = await download(page, 'more-revenue-trend', 'download-png-revenue-trend');
    expect(name).toMatch(/\.png$/);
    // The PNG signature, and a picture of some size (not an error page saved under that name).
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(5000);
    await page.context().close();
  });
});
