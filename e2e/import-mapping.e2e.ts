import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { presetPeriod } from '../web/src/features/dashboard/period-presets.ts';
import { expectedText, getJson, getOrg, getReport } from './support/api.ts';
import { DESKTOP, newContext, PHONE } from './support/chromium.ts';
import { textOf, waitForCards } from './support/page.ts';
import { ROOT, udnFetch } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

const SAMPLE = path.join(ROOT, 'test/data/exports/hubspot/hubspot-crm-exports-all-deals-2026-12-01.csv');
const FILE_NAME = path.basename(SAMPLE);
const SHOTS = '/tmp/shots-ui';
/** A stage this portal added to its pipeline: the preset cannot know it is a win. */
const CUSTOM_STAGE = 'Signed - awaiting PO';
const BAD_DATE = '2026-13-45 10:00';
/** The stages that are won: the preset's two, and the custom one once mapped by hand. */
const WON_STAGES = new Set(['closed won', 'closedwon', CUSTOM_STAGE.toLowerCase()]);

interface Rep {
  id: string;
  name: string;
  email: string | null;
}

/**
 * HubSpot's sample export, as this demo organisation's portal would write it: its owners are the
 * demo reps, its won deals closed today (so this quarter's numbers move), one deal in a custom
 * stage, and — in the bad version — one unreadable Create Date. Written under a fresh folder with
 * the export's own name, so the corrected file replaces the bad one on the page.
 */
function exportFile(
  today: string,
  reps: readonly Rep[],
  bad: boolean,
): { file: string; badLine: number; customId: string } {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(SAMPLE, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  const rows = parsed.data;
  const header = parsed.meta.fields ?? [];
  const owners = [...new Set(rows.map((row) => row['Deal owner'] ?? ''))];
  // Not the first rows: a problem further down must still be on its own cell and line.
  const custom = rows.findIndex((row, index) => index >= 2 && !/closed/i.test(row['Deal Stage'] ?? ''));
  const badIndex = custom + 1;
  rows.forEach((row, index) => {
    const owner = owners.indexOf(row['Deal owner'] ?? '');
    row['Deal owner'] = reps[owner % reps.length]!.name;
    // Linked companies and contacts would come from the companies and contacts exports.
    if ('Associated Company IDs' in row) row['Associated Company IDs'] = '';
    if ('Associated Contact IDs' in row) row['Associated Contact IDs'] = '';
    if (/closed/i.test(row['Deal Stage'] ?? '')) row['Close Date'] = `${today} 09:00`;
    if (index === custom) {
      row['Deal Stage'] = CUSTOM_STAGE;
      row['Close Date'] = `${today} 09:30`;
    }
    if (bad && index === badIndex) row['Create Date'] = BAD_DATE;
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'udn-mapping-'));
  const file = path.join(dir, FILE_NAME);
  writeFileSync(file, Papa.unparse({ fields: header, data: rows.map((row) => header.map((h) => row[h])) }));
  // Line 1 is the header.
  return { file, badLine: badIndex + 2, customId: rows[custom]!['Record ID']! };
}

async function dropExport(page: Page, file: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('mapping-card').first().getByTestId('preview-grid').waitFor();
}

describe('mapping a CRM export on the Data page', () => {
  it('guesses HubSpot, takes a stage mapped by hand, marks a bad date on its cell, and imports live', async () => {
    const org = await getOrg(suite.udn.url);
    const period = presetPeriod('this_quarter', org.today, org.fiscalYearStartMonth);
    const before = await getReport(suite.udn.url, `period=${period}&asof=${org.today}`);
    const reps = await getJson<Rep[]>(suite.udn.url, '/api/v1/reps');
    const bad = exportFile(org.today, reps, true);
    const fixed = exportFile(org.today, reps, false);

    const context = await newContext(suite.browser);
    // A dashboard open in another tab before the import: it must move by itself.
    const dashboard = await context.newPage();
    await dashboard.goto(suite.udn.url);
    await waitForCards(dashboard);
    await dashboard.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    expect(await textOf(dashboard, 'support-deals_won')).toContain(
      expectedText(before.org.deals_won, 'deals_won', org.currency),
    );

    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/data`);
    await dropExport(page, bad.file);
    const card = page.getByTestId('mapping-card');
    expect(await card.getByTestId('recognition').textContent()).toBe('Recognised: HubSpot deals export');
    expect(await card.getByTestId('map-select-status').inputValue()).toBe('Deal Stage');

    // The custom stage is read as open (the preset's "anything else") until it is mapped by hand.
    const status = card.getByTestId('translations-status');
    await status.getByTestId(`value-select-${CUSTOM_STAGE}`).waitFor();
    expect(await status.getByTestId(`value-select-${CUSTOM_STAGE}`).inputValue()).toBe('open');
    await status.getByTestId(`value-select-${CUSTOM_STAGE}`).selectOption('won');
    const customRow = card.locator(`[data-testid="preview-row"]:has-text("${bad.customId}")`);
    await expect
      .poll(() => customRow.getByTestId('preview-cell-status').textContent(), { timeout: 10_000 })
      .toMatch(/^won/);

    // The planted date: red on its own cell, named by source line and column under the grid.
    const badCell = card
      .locator(`[data-testid="preview-row"][data-line="${bad.badLine}"]`)
      .getByTestId('preview-cell-created_at');
    expect(await badCell.getAttribute('aria-invalid')).toBe('true');
    expect(await badCell.textContent()).toBe(BAD_DATE);
    const describedBy = await badCell.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    const problem = page.locator(`[id="${describedBy}"]`);
    expect(await problem.textContent()).toContain(`line ${bad.badLine}`);
    expect(await problem.textContent()).toContain('Create Date');
    expect(await card.getByTestId('preview-problem').count()).toBe(1);

    // The corrected export replaces the bad one and keeps the stage mapped by hand.
    await page.getByTestId('file-input').setInputFiles(fixed.file);
    await card.getByTestId('preview-clean').waitFor({ timeout: 10_000 });
    expect(
      await card.getByTestId('preview-cell-created_at').evaluateAll((cells) => cells.length),
    ).toBeGreaterThan(0);
    expect(await status.getByTestId(`value-select-${CUSTOM_STAGE}`).inputValue()).toBe('won');

    await page.getByTestId('upload-button').click();
    await page.getByTestId('import-success').waitFor({ timeout: 30_000 });
    const importedAt = Date.now();

    const after = await getReport(suite.udn.url, `period=${period}&asof=${org.today}`);
    const closedWon = Papa.parse<Record<string, string>>(readFileSync(fixed.file, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data.filter((row) => WON_STAGES.has((row['Deal Stage'] ?? '').toLowerCase())).length;
    expect(after.org.deals_won).toBe((before.org.deals_won ?? 0) + closedWon);
    const expected = expectedText(after.org.deals_won, 'deals_won', org.currency);
    await dashboard.waitForFunction(
      (text) => document.querySelector('[data-testid="support-deals_won"]')?.textContent?.includes(text),
      expected,
      { timeout: 5_000 },
    );
    expect(Date.now() - importedAt).toBeLessThan(2_000);
    expect(await dashboard.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await context.close();
  });
});

/** A 1 GiB export: the sample's rows over and over (only the head is read by the preview). */
function gigabyteExport(sample: string): string {
  const text = readFileSync(sample, 'utf8');
  const [header, ...rows] = text.trimEnd().split(/\r?\n/);
  let chunk = '';
  while (chunk.length < 1024 * 1024) chunk += `${rows.join('\n')}\n`;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'udn-big-')), FILE_NAME);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `${header}\n`);
    const bytes = Buffer.from(chunk);
    for (let written = 0; written < 1024 ** 3; written += bytes.length) writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  return file;
}

describe('a 1 GB export on the mapping screen', () => {
  it('shows the preview of its first rows within a second of the drop: only its head is sent', async () => {
    const org = await getOrg(suite.udn.url);
    const reps = await getJson<Rep[]>(suite.udn.url, '/api/v1/reps');
    const big = gigabyteExport(exportFile(org.today, reps, false).file);
    try {
      const context = await newContext(suite.browser);
      const page = await context.newPage();
      await page.goto(`${suite.udn.url}/data`);
      await page.getByTestId('import-history').waitFor();
      let asked = 0;
      let answered = 0;
      page.on('request', (request) => {
        if (request.url().endsWith('/imports/preview')) asked = Date.now();
      });
      page.on('requestfinished', (request) => {
        if (request.url().endsWith('/imports/preview')) answered = Date.now();
      });
      const dropped = Date.now();
      await page.getByTestId('file-input').setInputFiles(big);
      const handedOver = Date.now();
      await page.getByTestId('preview-grid').waitFor({ timeout: 30_000 });
      const shown = Date.now();
      const rows = await page.getByTestId('preview-row').count();
      // The figure for /work/perf-ui.md: from the file handed to the page to its preview drawn.
      console.info(
        `1 GiB preview: ${shown - handedOver} ms after the page had the file (${handedOver - dropped} ms to hand it over; request sent after ${asked - handedOver} ms, answered in ${answered - asked} ms, drawn ${shown - answered} ms later), ${rows} rows`,
      );
      expect(rows).toBe(100);
      await page
        .getByTestId('mapping-card')
        .getByText('Preview of the first 100 rows as UDN will read them')
        .waitFor();
      // The budget is 1 s (measured figures: /work/perf-ui.md); twice that here, as data.e2e.ts allows
      // for live updates, so a machine shared with other test runs does not fail it.
      expect(shown - handedOver).toBeLessThan(2_000);
      await context.close();
    } finally {
      rmSync(path.dirname(big), { recursive: true, force: true });
    }
  });
});

describe('a workbook on the mapping screen', () => {
  it('previews the spreadsheet sample: recognised, its sheets to choose from, its rows read', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/data`);
    await page
      .getByTestId('file-input')
      .setInputFiles(path.join(ROOT, 'test/data/exports/spreadsheet-xlsx/pipeline-2026.xlsx'));
    const card = page.getByTestId('mapping-card');
    await card.getByTestId('preview-grid').waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('recognition').textContent()).toMatch(/^Recognised: /);
    expect(await card.getByTestId('map-sheet').inputValue()).not.toBe('');
    expect(await card.getByTestId('preview-row').count()).toBeGreaterThan(0);
    await context.close();
  });
});

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

describe('the mapping screen at every size and theme', () => {
  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`${device} ${scheme}: no sideways scroll, no serious axe violation`, async () => {
        const org = await getOrg(suite.udn.url);
        const reps = await getJson<Rep[]>(suite.udn.url, '/api/v1/reps');
        const bad = exportFile(org.today, reps, true);
        const context = await newContext(suite.browser, { viewport, colorScheme: scheme });
        const page = await context.newPage();
        await page.goto(`${suite.udn.url}/data`);
        await dropExport(page, bad.file);
        await page.getByTestId('preview-problem').first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        // "show the cell" brings the red cell into view, even when the grid scrolls sideways.
        await page.getByTestId('show-cell').click();
        const cell = page.locator('td[aria-invalid="true"]');
        await expect
          .poll(async () => {
            const box = await cell.boundingBox();
            return box !== null && box.x >= 0 && box.x + box.width <= viewport.width;
          })
          .toBe(true);
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SHOTS, `mapping-${device}-${scheme}.png`), fullPage: true });
        // As seen on the screen: the card's top, then its preview.
        for (const [part, testId] of [
          ['top', 'recognition'],
          ['preview', 'preview-grid'],
        ] as const) {
          await page.getByTestId(testId).first().scrollIntoViewIfNeeded();
          await page.screenshot({ path: path.join(SHOTS, `mapping-${device}-${scheme}-${part}.png`) });
        }

        // Evaluated through the DevTools protocol: the app's CSP refuses an injected inline script.
        await page.evaluate(AXE_SOURCE);
        const violations = (await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (context: Document) => Promise<unknown> } }).axe;
          return ((await axe.run(document)) as { violations: unknown[] }).violations;
        })) as AxeViolation[];
        const serious = violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
        expect(serious).toEqual([]);
        await context.close();
      });
    }
  }
});

// Last in the file: it starts the organisation again from nothing.
describe('an export imported as a full snapshot of deals', () => {
  it('is checked first, asks before removing most of the table, then shows the removals', async () => {
    const org = await getOrg(suite.udn.url);
    const reps = await getJson<Rep[]>(suite.udn.url, '/api/v1/reps');
    const full = exportFile(org.today, reps, false);
    // The demo's accounts churned after won deals: removing those deals is refused for them, so
    // this starts from the export alone.
    const reset = await udnFetch(`${suite.udn.url}/api/v1/org/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reset.status, await reset.text()).toBe(200);
    const stored = async () =>
      (await getJson<{ counts: Record<string, number> }>(suite.udn.url, '/api/v1/org/data')).counts.deals ??
      0;
    // Next week's export: 10 of the deals are left, the others were deleted in the CRM.
    const lines = readFileSync(full.file, 'utf8').trimEnd().split(/\r?\n/);
    const next = path.join(mkdtempSync(path.join(tmpdir(), 'udn-snapshot-')), FILE_NAME);
    writeFileSync(next, `${lines.slice(0, 11).join('\n')}\n`);

    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/data`);
    await dropExport(page, full.file);
    await page.getByTestId('upload-button').click();
    await page.getByTestId('import-success').waitFor({ timeout: 30_000 });
    const before = await stored();
    expect(before).toBe(lines.length - 1);

    await page.getByTestId('file-input').setInputFiles(next);
    await page.getByTestId('mapping-card').first().getByTestId('preview-grid').waitFor();
    await page.getByTestId('snapshot-checkbox').check();
    // The check is a dry run: it says what would go, and nothing goes.
    await page.getByRole('button', { name: 'Check' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 30_000 });
    expect(await dialog.textContent()).toContain(`would remove ${before - 10} of its ${before} rows`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await stored()).toBe(before);

    // Confirmed: the import goes through, and the history says what it removed.
    await page.getByTestId('upload-button').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Import and remove' }).click();
    await page.getByTestId('import-success').waitFor({ timeout: 30_000 });
    expect(await stored()).toBe(10);
    const latest = page.getByTestId('import-history').locator('tbody tr').first();
    await expect
      .poll(() => latest.locator('td').last().textContent(), { timeout: 10_000 })
      .toBe(String(before - 10));
    await context.close();
  });
});
