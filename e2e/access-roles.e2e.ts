import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RepSummary } from '../src/core/contracts/api.ts';
import type { KpiReport } from './support/api.ts';
import { getJson, getOrg } from './support/api.ts';
import { newContext } from './support/chromium.ts';
import { chooseOption, waitForCards } from './support/page.ts';
import { udnFetch } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

const NEW_REP = { name: 'Rina Rep', email: 'rina.rep@udn.test', password: 'rina-rep-password-1' };
const NEW_MANAGER = {
  name: 'Made Manager',
  email: 'made.manager@udn.test',
  password: 'made-manager-password-1',
};

let reps: RepSummary[];
/** The demo's whole history (the API takes at most 20 years): every rep with data has a row. */
let allTime: string;
let repA: RepSummary;
let teamA: string;
let ownerRows: string[];

beforeAll(async () => {
  const org = await getOrg(suite.udn.url);
  allTime = `from=${Number(org.today.slice(0, 4)) - 10}${org.today.slice(4)}&to=${org.today}`;
  reps = await getJson<RepSummary[]>(suite.udn.url, '/api/v1/reps');
  ownerRows = Object.keys((await getJson<KpiReport>(suite.udn.url, `/api/v1/kpis?${allTime}`)).reps);
  const withData = reps.filter((rep) => rep.team !== null && ownerRows.includes(rep.id));
  repA = withData[0]!;
  teamA = repA.team!;
  const other = withData.find((rep) => rep.team !== teamA)!;
  // One task for the rep who will be invited, one for a rep of another team.
  for (const [title, rep] of [
    ['E2E task for the invited rep', repA],
    ['E2E task for another team', other],
  ] as const) {
    const created = await udnFetch(`${suite.udn.url}/api/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, assignee_rep_id: rep.id }),
    });
    expect(created.status).toBe(201);
  }
});

/** The rep rows of the dashboard's team table, by rep id. */
async function teamTableReps(page: Page): Promise<string[]> {
  await page.getByTestId('widget-team-table').scrollIntoViewIfNeeded();
  await page.getByTestId('cell-org-revenue').waitFor();
  const ids = await page.$$eval('[data-testid^="cell-rep:"]', (cells) =>
    cells.map((cell) => /^cell-rep:(.+)-[a-z_]+$/.exec(cell.getAttribute('data-testid') ?? '')?.[1] ?? ''),
  );
  return [...new Set(ids)].sort();
}

/** The rep rows the API gives the browser's session over all time. */
async function apiRows(page: Page): Promise<string[]> {
  const answer = await page.request.get(`${suite.udn.url}/api/v1/kpis?${allTime}`);
  expect(answer.status()).toBe(200);
  return Object.keys(((await answer.json()) as KpiReport).reps).sort();
}

/** An invitation link made by the owner on the members page. */
async function inviteByLink(role: 'Rep' | 'Manager', choose: (page: Page) => Promise<void>): Promise<string> {
  const context = await newContext(suite.browser);
  try {
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/settings/members`);
    await page.getByTestId('member-list').waitFor();
    await page.getByTestId('invite-by-link').click();
    await chooseOption(page, 'invite-role', role);
    await choose(page);
    await page.getByTestId('invite-submit').click();
    const url = ((await page.getByTestId('invitation-url').textContent()) ?? '').trim();
    expect(url).toMatch(/\/invite\/\S+$/);
    await page.getByTestId('invitation-done').click();
    // The link is listed, pending, for anyone who has it.
    await page.getByTestId('invitation-list').getByText('Anyone with the link').first().waitFor();
    return url;
  } finally {
    await context.close();
  }
}

/** Opens an invitation in a browser nobody is signed in to, and creates the account it offers. */
async function acceptAsNewPerson(
  browser: Browser,
  url: string,
  person: { name: string; email: string; password: string },
  role: string,
): Promise<Page> {
  const context = await newContext(browser, { storageState: null });
  const page = await context.newPage();
  await page.goto(url);
  expect(await page.getByTestId('invite-offer').textContent()).toContain(`as ${role}`);
  await page.getByTestId('invite-name').fill(person.name);
  await page.getByTestId('invite-email').fill(person.email);
  await page.getByTestId('invite-password').fill(person.password);
  await page.getByTestId('invite-accept').click();
  await page.waitForURL((address) => address.pathname === '/', { timeout: 30_000 });
  await waitForCards(page);
  return page;
}

describe('people and what they see', () => {
  it('a rep invited by link joins linked to their rep record and sees only their own rows and tasks', async () => {
    expect(ownerRows.length).toBeGreaterThan(1);
    const url = await inviteByLink('Rep', async (page) => {
      await page.getByTestId('invite-rep').fill(repA.id);
      await page.getByRole('option', { name: `${repA.name} (${repA.id})` }).click();
    });
    const page = await acceptAsNewPerson(suite.browser, url, NEW_REP, 'Rep');
    try {
      expect(await apiRows(page)).toEqual([repA.id]);
      const shown = await teamTableReps(page);
      expect(shown.every((id) => id === repA.id)).toBe(true);

      // Their tasks, not another team's.
      await page.goto(`${suite.udn.url}/tasks?status=all`);
      await page.getByTestId('task-list').waitFor();
      await page.getByText('E2E task for the invited rep').waitFor();
      expect(await page.getByText('E2E task for another team').count()).toBe(0);
      const answer = await page.request.get(`${suite.udn.url}/api/v1/tasks?limit=1000`);
      expect(answer.status()).toBe(200);
      const tasks = (await answer.json()) as { tasks: { assignee_rep_id: string | null }[] };
      expect(tasks.tasks.length).toBeGreaterThan(0);
      expect(tasks.tasks.every((task) => task.assignee_rep_id === repA.id)).toBe(true);

      // Signing in again later works with what they chose.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-sign-out').click();
      await page.waitForURL((address) => address.pathname === '/signin');
      await page.getByTestId('signin-email').fill(NEW_REP.email);
      await page.getByTestId('signin-password').fill(NEW_REP.password);
      await page.getByTestId('signin-submit').click();
      await page.waitForURL((address) => address.pathname === '/');
      expect(await apiRows(page)).toEqual([repA.id]);
    } finally {
      await page.context().close();
    }
  });

  it("a manager of a team sees that team's reps and no one else's", async () => {
    const url = await inviteByLink('Manager', async (page) => {
      await page.getByTestId('invite-teams').fill(teamA);
      await page.getByRole('option', { name: teamA, exact: true }).click();
      await page.keyboard.press('Escape');
    });
    const page = await acceptAsNewPerson(suite.browser, url, NEW_MANAGER, 'Manager');
    try {
      const team = reps.filter((rep) => rep.team === teamA).map((rep) => rep.id);
      const expected = ownerRows.filter((id) => team.includes(id)).sort();
      expect(await apiRows(page)).toEqual(expected);
      const shown = await teamTableReps(page);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.every((id) => team.includes(id))).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('an admin views the app as the rep: a read-only banner, the rep’s rows, and Stop returns', async () => {
    const context = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await page.goto(`${suite.udn.url}/settings/members`);
      await page.getByTestId(`member-view-as-${NEW_REP.email}`).click();
      await page.waitForURL((address) => address.pathname === '/');
      const banner = page.getByTestId('view-as-banner');
      await banner.waitFor();
      expect(await banner.getAttribute('role')).toBe('status');
      expect(await banner.textContent()).toContain(`Viewing as ${NEW_REP.name} (Rep) — read-only`);
      await waitForCards(page);
      expect((await teamTableReps(page)).every((id) => id === repA.id)).toBe(true);
      expect(await apiRows(page)).toEqual([repA.id]);
      // Read-only: no edit controls while viewing as.
      expect(await page.getByTestId('edit-toggle').count()).toBe(0);

      await page.getByTestId('view-as-stop').click();
      await page.waitForURL((address) => address.pathname === '/settings/members');
      await banner.waitFor({ state: 'detached' });
      const me = (await (await page.request.get(`${suite.udn.url}/api/v1/me`)).json()) as {
        viewAs: unknown;
        role: string;
      };
      expect(me.viewAs).toBeNull();
      expect(me.role).toBe('owner');
      expect((await apiRows(page)).length).toBe(ownerRows.length);
    } finally {
      await context.close();
    }
  });
});
