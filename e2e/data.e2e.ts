import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrgDataSummary } from '../src/core/contracts/imports.ts';
import { presetPeriod } from '../web/src/features/dashboard/period-presets.ts';
import { expectedText, getJson, getOrg, getReport } from './support/api.ts';
import { newContext } from './support/chromium.ts';
import { textOf, waitForCards } from './support/page.ts';
import { startUdn } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

const files = mkdtempSync(path.join(tmpdir(), 'udn-upload-'));

function csv(name: string, text: string): string {
  const dir = mkdtempSync(path.join(files, 'set-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('data page', () => {
  it('shows a refused import by cause: one group of 258 rows for a wrong currency, opening onto its lines', async () => {
    const org = await getOrg(suite.udn.url);
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/data`);
    const rows = ['id,created_at,status,closed_at,amount,currency,owner_rep_id'];
    for (let i = 1; i <= 258; i++) rows.push(`W${i},2026-01-05,won,2026-01-20,1500,USD,R01`);
    rows.push('W259,2026-01-05,open,2026-01-20,,,R01');
    await page.getByTestId('file-input').setInputFiles(csv('deals.csv', `${rows.join('\n')}\n`));
    await page.getByTestId('upload-button').click();
    await page.getByTestId('import-errors').waitFor();
    expect(await page.getByTestId('import-errors').getByRole('alert').textContent()).toContain(
      '259 errors of 2 kinds were found',
    );

    const groups = page.getByTestId('import-errors').getByTestId('error-group');
    expect(await groups.count()).toBe(2);
    const currency = groups.first();
    expect(await currency.getByTestId('error-group-reason').textContent()).toBe(
      `"USD" differs from the organisation's currency ${org.currency}`,
    );
    expect(await currency.getByTestId('error-group-count').textContent()).toBe('258 rows');
    expect(await currency.textContent()).toContain('deals.csv · currency');
    expect(await currency.textContent()).toContain('first at deals.csv:2');
    // The lines are behind the group's button.
    await currency.getByRole('button').click();
    await currency.getByText('Lines: 2, 3, 4, 5').waitFor();
    expect(await currency.textContent()).toContain('and 238 more rows with this problem');
    expect(await groups.nth(1).getByTestId('error-group-count').textContent()).toBe('1 row');
    // No raw list of 100 lines on the page.
    expect(await page.getByTestId('import-error').count()).toBe(0);

    // The history says nothing was written, and opens onto the same causes.
    const history = page.getByTestId('import-history');
    const refused = history.getByTestId('nothing-written').first();
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Nothing written');
    await refused.getByRole('button', { name: '259 errors' }).click();
    const historyGroups = history.getByTestId('error-group');
    await historyGroups.first().waitFor();
    expect(await historyGroups.first().getByTestId('error-group-count').textContent()).toBe('258 rows');
    await context.close();
  });

  it('lists every file it takes, org.json included, with a template to download and the format', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/data`);
    await page.getByTestId('import-files').waitFor();
    const files = await page
      .getByTestId('import-files')
      .locator('li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    expect(files).toEqual(
      [
        'org.json',
        'reps.csv',
        'accounts.csv',
        'leads.csv',
        'deals.csv',
        'emails.csv',
        'spend.csv',
        'targets.csv',
      ].map((file) => `import-file-${file}`),
    );
    const template = page.getByTestId('template-deals.csv');
    expect(await template.getAttribute('download')).toBe('deals.csv');
    const download = await page.request.get(`${suite.udn.url}${await template.getAttribute('href')}`);
    expect((await download.text()).split('\r\n')[0]).toBe(
      'id,name,owner_rep_id,account_id,lead_id,created_at,closed_at,status,amount,currency,units,stage',
    );

    await page.getByTestId('open-format').click();
    await page.waitForURL((url) => url.search === '?format=1');
    const doc = page.getByTestId('format-document');
    await doc.getByRole('heading', { name: '2. Import format' }).waitFor();
    expect(await doc.textContent()).toContain('reps.csv');
    await page.getByRole('button', { name: 'Close the import format' }).click();
    await page.waitForURL((url) => url.search === '');
    await context.close();
  });

  it('updates an open dashboard without a reload when a good file is imported', async () => {
    const org = await getOrg(suite.udn.url);
    const period = presetPeriod('this_quarter', org.today, org.fiscalYearStartMonth);
    const before = await getReport(suite.udn.url, `period=${period}&asof=${org.today}`);
    const reps = await getJson<{ id: string }[]>(suite.udn.url, '/api/v1/reps');

    const context = await newContext(suite.browser);
    const dashboard = await context.newPage();
    await dashboard.goto(suite.udn.url);
    await waitForCards(dashboard);
    await dashboard.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    expect(await textOf(dashboard, 'support-deals_won')).toContain(
      expectedText(before.org.deals_won, 'deals_won', org.currency),
    );

    const data = await context.newPage();
    await data.goto(`${suite.udn.url}/data`);
    const good = csv(
      'deals.csv',
      `id,created_at,status,closed_at,amount,owner_rep_id\nE2E-1,${org.today},won,${org.today},1500000,${reps[0]!.id}\n`,
    );
    await data.getByTestId('file-input').setInputFiles(good);
    await data.getByTestId('upload-button').click();
    await data.getByTestId('import-success').waitFor();
    const uploadedAt = Date.now();

    const after = await getReport(suite.udn.url, `period=${period}&asof=${org.today}`);
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
      const context = await newContext(suite.browser, { storageState: empty.storageState });
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

describe('removing the demo data', () => {
  it('asks with the exact counts, deletes everything and opens the empty dashboard', async () => {
    const demo = await startUdn();
    try {
      const context = await newContext(suite.browser, { storageState: demo.storageState });
      const page = await context.newPage();
      await page.goto(`${demo.url}/data`);
      await page.waitForLoadState('networkidle');
      const summary = await getJson<OrgDataSummary>(demo.url, '/api/v1/org/data');
      expect(summary.demoOnly).toBe(true);
      await page.getByRole('button', { name: 'Remove demo data' }).click();
      const dialog = page.getByRole('dialog', { name: 'Remove the demo data?' });
      await dialog.waitFor();
      const listed = await dialog.getByTestId('remove-data-counts').locator('li').allTextContents();
      expect(listed).toContain(`${summary.counts.deals.toLocaleString('en')} deals`);
      expect(listed).toContain(`${summary.counts.reps.toLocaleString('en')} reps`);
      expect(listed).toContain(`${summary.counts.emails.toLocaleString('en')} emails`);

      // Cancel deletes nothing.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect((await getJson<OrgDataSummary>(demo.url, '/api/v1/org/data')).counts).toEqual(summary.counts);

      await page.getByRole('button', { name: 'Remove demo data' }).click();
      await dialog.getByRole('button', { name: 'Remove demo data' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByTestId('empty-org').waitFor();
      const after = await getJson<OrgDataSummary>(demo.url, '/api/v1/org/data');
      expect(Object.values(after.counts).every((n) => n === 0)).toBe(true);
      expect((await getOrg(demo.url)).hasData).toBe(false);
      await context.close();
    } finally {
      await demo.stop();
    }
  });
});
