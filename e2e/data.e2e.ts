import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetPeriod } from '../web/src/features/dashboard/period-presets.ts';
import { expectedText, getJson, getOrg, getReport } from './support/api.ts';
import { launchChromium, newContext } from './support/chromium.ts';
import { textOf, waitForCards } from './support/page.ts';
import { type RunningUdn, startUdn } from './support/server.ts';

let udn: RunningUdn;
let browser: Browser;
let closeBrowser: () => Promise<void>;
const files = mkdtempSync(path.join(tmpdir(), 'udn-upload-'));

beforeAll(async () => {
  udn = await startUdn();
  const launched = await launchChromium();
  browser = launched.browser;
  closeBrowser = launched.close;
});

afterAll(async () => {
  await closeBrowser?.();
  await udn?.stop();
});

function csv(name: string, text: string): string {
  const dir = mkdtempSync(path.join(files, 'set-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('data page', () => {
  it('lists every error of a refused file with its file, line and column', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${udn.url}/data`);
    const broken = csv(
      'deals.csv',
      'id,created_at,status,closed_at,amount,owner_rep_id\nX1,2026-01-05,won,,100,R01\nX2,2026-01-05,open,,,NOBODY\n',
    );
    await page.getByTestId('file-input').setInputFiles(broken);
    await page.getByTestId('upload-button').click();
    await page.getByTestId('import-errors').waitFor();
    const rows = page.getByTestId('import-error');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
    expect(cells).toContainEqual(['deals.csv', '2', 'closed_at', expect.any(String)]);
    expect(cells).toContainEqual(['deals.csv', '3', 'owner_rep_id', expect.any(String)]);
    await context.close();
  });

  it('updates an open dashboard without a reload when a good file is imported', async () => {
    const org = await getOrg(udn.url);
    const period = presetPeriod('this_quarter', org.today, org.fiscalYearStartMonth);
    const before = await getReport(udn.url, `period=${period}&asof=${org.today}`);
    const reps = await getJson<{ id: string }[]>(udn.url, '/api/v1/reps');

    const context = await newContext(browser);
    const dashboard = await context.newPage();
    await dashboard.goto(udn.url);
    await waitForCards(dashboard);
    await dashboard.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    expect(await textOf(dashboard, 'support-deals_won')).toContain(
      expectedText(before.org.deals_won, 'deals_won', org.currency),
    );

    const data = await context.newPage();
    await data.goto(`${udn.url}/data`);
    const good = csv(
      'deals.csv',
      `id,created_at,status,closed_at,amount,owner_rep_id\nE2E-1,${org.today},won,${org.today},1500000,${reps[0]!.id}\n`,
    );
    await data.getByTestId('file-input').setInputFiles(good);
    await data.getByTestId('upload-button').click();
    await data.getByTestId('import-success').waitFor();
    const uploadedAt = Date.now();

    const after = await getReport(udn.url, `period=${period}&asof=${org.today}`);
    expect(after.org.deals_won).toBe((before.org.deals_won ?? 0) + 1);
    const expected = expectedText(after.org.deals_won, 'deals_won', org.currency);
    await dashboard.waitForFunction(
      (text) => document.querySelector('[data-testid="support-deals_won"]')?.textContent?.includes(text),
      expected,
      { timeout: 5_000 },
    );
    const updatedMs = Date.now() - uploadedAt;
    expect(updatedMs).toBeLessThan(2_000);
    expect(await dashboard.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );

    // The import is in the history.
    await data.getByTestId('import-history').getByText('deals.csv').first().waitFor();
    await context.close();
  });
});

describe('an organisation without data', () => {
  it('shows a clear empty state that leads to the Data page', async () => {
    const empty = await startUdn({ empty: true });
    try {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(empty.url);
      await page.getByTestId('empty-org').waitFor();
      await page.getByRole('button', { name: 'Import data' }).click();
      await page.waitForURL((url) => url.pathname === '/data');
      await context.close();
    } finally {
      await empty.stop();
    }
  });
});
