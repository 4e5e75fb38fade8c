import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { getOrg } from './support/api.ts';
import { newContext } from './support/chromium.ts';
import { udnFetch } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

describe('the audit log’s date filter', () => {
  it('asks for the organisation’s days, whatever time zone the browser is in', async () => {
    const org = await getOrg(suite.udn.url);
    // Something audited today, for the filtered list to show.
    const created = await udnFetch(`${suite.udn.url}/api/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'E2E audited task' }),
    });
    expect(created.status).toBe(201);
    // A browser far from the organisation: its own midnight is not the organisation's.
    const browserZone = org.timezone === 'Pacific/Honolulu' ? 'Asia/Tokyo' : 'Pacific/Honolulu';
    const context = await newContext(suite.browser, { timezoneId: browserZone });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.udn.url}/settings/audit`);
      await page.locator('[data-testid="audit-list"] tbody tr').first().waitFor({ timeout: 30_000 });
      const asked = page.waitForRequest((request) => {
        const url = new URL(request.url());
        return url.pathname === '/api/v1/audit' && url.searchParams.has('from') && url.searchParams.has('to');
      });
      await page.getByTestId('audit-from').fill(org.today);
      await page.getByTestId('audit-to').fill(org.today);
      const query = new URL((await asked).url()).searchParams;
      const day = Temporal.PlainDate.from(org.today);
      const startOf = (date: Temporal.PlainDate) =>
        date.toZonedDateTime({ timeZone: org.timezone }).toInstant().epochMilliseconds;
      expect(Date.parse(query.get('from')!)).toBe(startOf(day));
      // `to` is exclusive on the API: the first instant of the next day.
      expect(Date.parse(query.get('to')!)).toBe(startOf(day.add({ days: 1 })));
      await page.getByText('E2E audited task').first().waitFor({ timeout: 30_000 });
    } finally {
      await context.close();
    }
  });
});
