import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  Goal,
  GoalList,
  GoalMap,
  Leaderboard,
  QuotaChange,
  TaskList,
  TaskStats,
} from '../src/core/contracts/goals.ts';
import { presetPeriod } from '../web/src/features/dashboard/period-presets.ts';
import { expectedText, getJson, getOrg, getReport } from './support/api.ts';
import { DESKTOP, newContext, PHONE } from './support/chromium.ts';
import { chooseOption, textOf, waitForCards } from './support/page.ts';
import { OWNER, udnFetch } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

/**
 * Goals, targets and tasks in the browser against a real `udn serve` (demo organisation): every
 * figure the page shows is compared with what the API says, and live updates arrive without a reload.
 */

let today: string;
let period: string;
/** The goal created through the UI in the first test; the later tests build on it. */
let goalId = 0;
const targetIds: Record<string, number> = {};

beforeAll(async () => {
  const org = await getOrg(suite.udn.url);
  today = org.today;
  // The dashboard shows the current quarter to date (KPI-SPEC §3): the same query string here.
  period = `${presetPeriod('this_quarter', org.today, org.fiscalYearStartMonth)}&asof=${org.today}`;
});

const getGoal = (id: number) => getJson<Goal>(suite.udn.url, `/api/v1/goals/${id}`);

async function openPage(path: string): Promise<Page> {
  const context = await newContext(suite.browser);
  const page = await context.newPage();
  await page.goto(suite.udn.url + path);
  return page;
}

/** What the page prints for a progress fraction (the API's number, as a whole percentage). */
const percent = (share: number | null) =>
  share === null
    ? '—'
    : new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 }).format(share);

/** Scrolls to the bottom in steps: widgets below the fold mount when scrolled near. */
async function scrollThrough(page: Page): Promise<void> {
  for (let step = 0; step < 12; step++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(100);
  }
}

const STATUS_TEXT: Record<string, string> = {
  achieved: 'Achieved',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  missed: 'Missed',
  not_started: 'Not started',
  no_data: 'No data',
};

async function waitForText(page: Page, testId: string, expected: string, timeout = 5_000): Promise<void> {
  await page.waitForFunction(
    ([id, text]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === text,
    [testId, expected] as const,
    { timeout },
  );
}

/** Adds a target through the target form and returns its id (from the API's answer). */
async function addTarget(page: Page, fill: () => Promise<void>): Promise<number> {
  await page.getByTestId(`add-target-${goalId}`).click();
  await page.getByTestId('target-save').waitFor();
  await fill();
  const created = page.waitForResponse(
    (response) =>
      response.request().method() === 'POST' && response.url().endsWith(`/goals/${goalId}/targets`),
  );
  await page.getByTestId('target-save').click();
  const response = await created;
  expect(response.status()).toBe(201);
  const target = (await response.json()) as { id: number };
  await page.getByTestId(`target-${target.id}`).waitFor();
  return target.id;
}

describe('goals page', () => {
  it('creates a goal with one target of each kind', async () => {
    const page = await openPage('/goals');
    await page.getByTestId('goal-list').waitFor();
    await page.getByTestId('goal-create').click();
    // The name is required: the form says so before anything is sent.
    await page.getByTestId('goal-save').click();
    await page.getByText('Required').first().waitFor();
    await page.getByTestId('goal-name').fill('E2E: grow the Bandung team');
    await chooseOption(page, 'goal-owner', /^Intan Permatasari/);
    const created = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/api/v1/goals'),
    );
    await page.getByTestId('goal-save').click();
    const response = await created;
    expect(response.status()).toBe(201);
    goalId = ((await response.json()) as Goal).id;
    // The new goal opens in the list, expanded, with nothing to measure yet.
    await page.getByTestId(`add-target-${goalId}`).waitFor();

    targetIds.number = await addTarget(page, async () => {
      await page.getByTestId('target-kind-number').click();
      await page.getByTestId('target-name').fill('Reseller partnerships signed');
      await page.getByTestId('target-value').fill('10');
      await page.getByTestId('target-current').fill('2');
    });
    targetIds.currency = await addTarget(page, async () => {
      await page.getByTestId('target-kind-currency').click();
      await page.getByTestId('target-name').fill('Upsell revenue from key accounts');
      await page.getByTestId('target-value').fill('50000000');
    });
    targetIds.boolean = await addTarget(page, async () => {
      await page.getByTestId('target-kind-boolean').click();
      await page.getByTestId('target-name').fill('Hire a second Bandung rep');
    });
    targetIds.tasks = await addTarget(page, async () => {
      await page.getByTestId('target-kind-tasks').click();
      await page.getByTestId('target-name').fill('Key-account visits');
    });
    targetIds.kpi = await addTarget(page, async () => {
      await page.getByTestId('target-kind-kpi').click();
      // A KPI target without a metric is refused by the form, on the metric input.
      await page.getByTestId('target-save').click();
      await page.getByText('Required').first().waitFor();
      await chooseOption(page, 'target-metric', /^Deals won$/);
      await page.getByTestId('target-value').fill('500');
    });

    const goal = await getGoal(goalId);
    expect(goal.targets.map((target) => target.kind).sort()).toEqual(
      ['boolean', 'currency', 'kpi', 'number', 'tasks'].sort(),
    );
    const kpi = goal.targets.find((target) => target.kind === 'kpi')!;
    // A goal's target of its own: it leaves the company quota of deals won alone.
    expect(kpi).toMatchObject({
      metric: 'deals_won',
      scope: 'org',
      direction: 'at_least',
      target_value: 500,
      is_quota: false,
    });
    expect(goal.targets.find((target) => target.kind === 'number')).toMatchObject({
      target_value: 10,
      current_value: 2,
    });
    expect(goal.owner_rep_id).not.toBeNull();
    // The page shows the API's progress and status.
    await waitForText(page, `goal-progress-${goalId}`, percent(goal.progress));
    await waitForText(page, `target-progress-${targetIds.number}`, percent(0.2));
    await page.context().close();
  });

  it('records an update of a number target with a note, by the signed-in person, and keeps its history', async () => {
    const page = await openPage(`/goals?goal=${goalId}`);
    await page.getByTestId(`target-record-${targetIds.number}`).click();
    await page.getByTestId('value-input').fill('6');
    // Nobody types who they are: the server knows who is signed in.
    const inputs = page.getByTestId('value-dialog').locator('input:not([type=hidden]), textarea');
    expect(await inputs.evaluateAll((all) => all.map((input) => input.getAttribute('data-testid')))).toEqual([
      'value-input',
      'value-note',
    ]);
    await page.getByTestId('value-note').fill('Two resellers in Cimahi signed');
    await page.getByTestId('value-save').click();
    await waitForText(page, `target-current-${targetIds.number}`, '6');
    await waitForText(page, `target-progress-${targetIds.number}`, percent(0.6));
    const history = await getJson<{ value: number; updated_by: string; note: string | null }[]>(
      suite.udn.url,
      `/api/v1/goals/${goalId}/targets/${targetIds.number}/updates`,
    );
    expect(history[0]).toMatchObject({
      value: 6,
      // Who is the signed-in person.
      updated_by: OWNER.email,
      note: 'Two resellers in Cimahi signed',
    });
    // The true/false target is ticked in place, without asking anything.
    await page.getByTestId(`target-done-${targetIds.boolean}`).click({ force: true });
    await waitForText(page, `target-current-${targetIds.boolean}`, 'Done');
    expect((await getGoal(goalId)).targets.find((target) => target.id === targetIds.boolean)?.done).toBe(
      true,
    );
    await page.context().close();
  });

  it('moves the goal when a task of its tasks target is ticked', async () => {
    const page = await openPage(`/goals?goal=${goalId}`);
    for (const title of ['Visit Pasar Baru stationers', 'Visit Dago office park']) {
      await page.getByTestId(`quick-task-${targetIds.tasks}`).fill(title);
      await page.getByTestId(`quick-task-add-${targetIds.tasks}`).click();
      await page.getByText(title).waitFor();
    }
    const before = await getGoal(goalId);
    await waitForText(page, `goal-progress-${goalId}`, percent(before.progress));
    const tasks = await getJson<TaskList>(suite.udn.url, `/api/v1/tasks?target_id=${targetIds.tasks}`);
    expect(tasks.total).toBe(2);

    await page.getByTestId(`task-check-${tasks.tasks[0]!.id}`).click();
    await waitForText(page, `target-progress-${targetIds.tasks}`, percent(0.5));
    const after = await getGoal(goalId);
    expect(after.progress).toBeGreaterThan(before.progress ?? 0);
    await waitForText(page, `goal-progress-${goalId}`, percent(after.progress));
    await page.context().close();
  });

  it('moves a KPI target on an open page when deals are imported', async () => {
    const page = await openPage(`/goals?goal=${goalId}`);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const before = (await getGoal(goalId)).targets.find((target) => target.id === targetIds.kpi)!;
    await waitForText(page, `target-current-${targetIds.kpi}`, String(before.current_value));

    const reps = await getJson<{ id: string }[]>(suite.udn.url, '/api/v1/reps');
    const rows = [1, 2, 3].map((n) => `E2E-GOAL-${n},${today},won,${today},2500000,${reps[0]!.id}`);
    const form = new FormData();
    form.append(
      'files',
      new Blob([`id,created_at,status,closed_at,amount,owner_rep_id\n${rows.join('\n')}\n`], {
        type: 'text/csv',
      }),
      'deals.csv',
    );
    const imported = await udnFetch(`${suite.udn.url}/api/v1/imports?wait=true`, {
      method: 'POST',
      body: form,
    });
    expect(imported.status).toBe(200);
    const started = Date.now();

    const after = (await getGoal(goalId)).targets.find((target) => target.id === targetIds.kpi)!;
    expect(after.current_value).toBe((before.current_value ?? 0) + 3);
    await waitForText(page, `target-current-${targetIds.kpi}`, String(after.current_value));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await page.context().close();
  });

  it('says so when someone else changed the goal, and saves on top of their version', async () => {
    const page = await openPage(`/goals?goal=${goalId}`);
    await page.getByTestId(`goal-menu-${goalId}`).click();
    await page.getByText('Edit goal').click();
    await page.getByTestId('goal-name').waitFor();
    // A teammate renames it meanwhile.
    const current = await getGoal(goalId);
    await udnFetch(`${suite.udn.url}/api/v1/goals/${goalId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'Set by a teammate', version: current.version }),
    });
    await page.getByTestId('goal-name').fill('E2E: grow the Bandung team fast');
    await page.getByTestId('goal-save').click();
    await page.getByTestId('goal-conflict').waitFor();
    await page.getByTestId('goal-reload').click();
    await page.getByTestId('goal-conflict').waitFor({ state: 'detached' });
    await page.getByTestId('goal-name').fill('E2E: grow the Bandung team fast');
    await page.getByTestId('goal-save').click();
    await page.getByTestId('goal-form').waitFor({ state: 'detached' });
    const saved = await getGoal(goalId);
    expect(saved).toMatchObject({
      name: 'E2E: grow the Bandung team fast',
      description: 'Set by a teammate',
    });
    await page.context().close();
  });
});

describe('targets beside the company quotas', () => {
  const quotaRange = async () => {
    const goal = await getGoal(goalId);
    return `from=${goal.start_date}&to=${goal.due_date}`;
  };

  // Issue 8, item 1: a new goal's "New customers · Whole organisation · 15" rewrote the quota 38 → 15.
  it('a KPI target holds its own value: the quota, attainment and the quota goals stay, the quota shows beside it', async () => {
    const range = await quotaRange();
    const before = await getReport(suite.udn.url, range);
    const quota = before.org.target_new_customers;
    expect(quota).not.toBeNull();
    const quotaGoals = await getJson<GoalList>(suite.udn.url, '/api/v1/goals?kind=quota');
    const page = await openPage(`/goals?goal=${goalId}`);
    targetIds.newCustomers = await addTarget(page, async () => {
      await page.getByTestId('target-kind-kpi').click();
      await chooseOption(page, 'target-metric', /^New customers$/);
      // The form says which quota the target would sit beside, before anything is sent.
      await page.getByTestId('target-quota-now').waitFor();
      expect(await textOf(page, 'target-quota-now')).toMatch(
        new RegExp(`^Company quota for Whole organisation in .+: ${quota}$`),
      );
      await page.getByTestId('target-value').fill('15');
    });
    const target = (await getGoal(goalId)).targets.find((item) => item.id === targetIds.newCustomers)!;
    expect(target).toMatchObject({ is_quota: false, target_value: 15, quota_value: quota });
    const after = await getReport(suite.udn.url, range);
    expect(after.org.target_new_customers).toBe(quota);
    expect(after.org.attainment_new_customers).toBe(before.org.attainment_new_customers);
    expect(await getJson<GoalList>(suite.udn.url, '/api/v1/goals?kind=quota')).toEqual(quotaGoals);
    await waitForText(
      page,
      `target-quota-${target.id}`,
      `Quota ${expectedText(quota, 'new_customers', after.currency)}`,
    );
    await page.context().close();
  });

  it('makes a target the company quota only when asked, after a confirmation, recorded with the signed-in person', async () => {
    const id = targetIds.newCustomers!;
    const range = await quotaRange();
    const quota = (await getReport(suite.udn.url, range)).org.target_new_customers;
    const page = await openPage(`/goals?goal=${goalId}`);
    await page.getByTestId(`target-menu-${id}`).click();
    await page.getByTestId(`target-edit-${id}`).click();
    await page.getByTestId('target-is-quota').check({ force: true });
    await page.getByTestId('target-save').click();
    await page.getByTestId('quota-confirm-save').waitFor();
    expect(await textOf(page, 'quota-confirm-text')).toMatch(
      new RegExp(`quota for New customers · Whole organisation changes from ${quota} to 15; `),
    );
    // Nothing is written before it is confirmed; the confirmation asks nothing more (no name to type).
    expect((await getReport(suite.udn.url, range)).org.target_new_customers).toBe(quota);
    const confirm = page.getByTestId('quota-confirm');
    expect(await confirm.getByTestId('quota-confirm-text').count()).toBe(1);
    expect(await confirm.locator('input, textarea').count()).toBe(0);
    const saved = page.waitForResponse(
      (response) => response.request().method() === 'PATCH' && response.url().endsWith(`/targets/${id}`),
    );
    await page.getByTestId('quota-confirm-save').click();
    expect((await saved).status()).toBe(200);
    await page.getByTestId(`target-is-quota-${id}`).waitFor();
    expect((await getReport(suite.udn.url, range)).org.target_new_customers).toBe(15);
    const history = await getJson<QuotaChange[]>(suite.udn.url, `/api/v1/quotas/history?target_id=${id}`);
    expect(history).toEqual([
      expect.objectContaining({ action: 'set', old_value: quota, new_value: 15, updated_by: OWNER.email }),
    ]);
    // The target's menu has the quota's history.
    await page.getByTestId(`target-menu-${id}`).click();
    await page.getByTestId(`target-quota-history-${id}`).click();
    await page.getByTestId('quota-history-list').waitFor();
    const shown = await textOf(page, 'quota-history-list');
    expect(shown).toContain(`${quota} → 15`);
    expect(shown).toContain(`by ${OWNER.email}`);
    await page.context().close();
  });

  // Issue 8, item 5: an amount target accepted −5000 (shown "−IDR 5K").
  it('refuses a negative amount on its field before anything is sent', async () => {
    const page = await openPage(`/goals?goal=${goalId}`);
    let posted = false;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/goals/${goalId}/targets`)) posted = true;
    });
    await page.getByTestId(`add-target-${goalId}`).click();
    await page.getByTestId('target-kind-currency').click();
    await page.getByTestId('target-name').fill('Refund budget');
    await page.getByTestId('target-value').fill('-5000');
    await page.getByTestId('target-save').click();
    await page.getByText('An amount is never negative').waitFor();
    expect(await page.getByTestId('target-value').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('target-value').fill('5000');
    const created = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && response.url().endsWith(`/goals/${goalId}/targets`),
    );
    await page.getByTestId('target-save').click();
    expect((await created).status()).toBe(201);
    expect(posted).toBe(true);
    await page.context().close();
  });

  // Issue 8, item 12: status pills sat on the progress bars of target rows.
  it('keeps every status pill off the progress bars, on a desktop and a phone', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await newContext(suite.browser, { viewport });
      const page = await context.newPage();
      await page.goto(`${suite.udn.url}/goals?goal=${goalId}`);
      await page.getByTestId(`target-status-${targetIds.number}`).waitFor();
      const clashes = await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid^="target-status-"]')].flatMap((pill) => {
          const bar = pill.closest('li')?.querySelector('[role="progressbar"]');
          if (!bar) return [];
          const a = pill.getBoundingClientRect();
          const b = bar.getBoundingClientRect();
          // The pace tick reaches 3 px above and below the bar.
          const overlap =
            a.left < b.right && b.left < a.right && a.top < b.bottom + 3 && b.top - 3 < a.bottom;
          return overlap ? [pill.getAttribute('data-testid')] : [];
        }),
      );
      expect(clashes, `${viewport.width} px`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${viewport.width} px`).toBeLessThanOrEqual(0);
      await context.close();
    }
  });
});

describe('goal map', () => {
  it('shows the new goal in its status colour and adds a target in place', async () => {
    const page = await openPage('/goals/map');
    const node = page.getByTestId(`map-node-goal:${goalId}`);
    await node.waitFor();
    const goal = await getGoal(goalId);
    expect(await node.getAttribute('data-status')).toBe(goal.status);
    // Its colour is the status colour every goal view uses (global.css: --udn-good / --udn-warn / --udn-bad).
    const colours = await node.evaluate((element) => {
      const probe = document.createElement('div');
      probe.setAttribute('data-status', element.getAttribute('data-status') ?? '');
      probe.style.color = 'var(--udn-status)';
      document.body.append(probe);
      const expected = getComputedStyle(probe).color;
      probe.remove();
      return { border: getComputedStyle(element).borderLeftColor, expected };
    });
    expect(colours.border).toBe(colours.expected);

    await page.getByTestId(`map-add-goal:${goalId}`).click();
    await page.getByTestId('map-add-form').waitFor();
    await page.getByTestId('map-add-name').fill('Demo days held');
    await page.getByTestId('map-add-value').fill('4');
    const created = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && response.url().endsWith(`/goals/${goalId}/targets`),
    );
    await page.getByTestId('map-add-save').click();
    const target = (await (await created).json()) as { id: number };
    await page.getByTestId(`map-node-target:${target.id}`).waitFor();
    const map = await getJson<GoalMap>(suite.udn.url, '/api/v1/goals/map');
    expect(JSON.stringify(map.root)).toContain(`"target:${target.id}"`);
    // The keyboard reaches the map: arrows move between nodes, the focused node is the selected one.
    await page.getByTestId(`map-node-target:${target.id}`).click();
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-node-id'))).toBe(
      `goal:${goalId}`,
    );
    await page.context().close();
  });
});

describe('tasks and the dashboard', () => {
  it('shows tasks completed and overdue per rep in the team table', async () => {
    const page = await openPage('/');
    await waitForCards(page);
    const stats = await getJson<TaskStats>(suite.udn.url, `/api/v1/tasks/stats?period=${period}`);
    const [rep, counts] =
      Object.entries(stats).find(([, value]) => value.overdue > 0 && value.completed > 0) ??
      Object.entries(stats).find(([, value]) => value.overdue > 0)!;
    await scrollThrough(page);
    await waitForText(page, `cell-rep:${rep}-tasks_overdue`, String(counts.overdue));
    await waitForText(page, `cell-rep:${rep}-tasks_completed`, String(counts.completed));
    const total = Object.values(stats).reduce((sum, value) => sum + value.overdue, 0);
    await waitForText(page, 'cell-org-tasks_overdue', String(total));
    await page.context().close();
  });

  it('adds a goal progress widget and a target leaderboard to a dashboard', async () => {
    const page = await openPage('/');
    await waitForCards(page);
    await page.getByTestId('edit-toggle').click();

    await page.getByTestId('add-widget').click();
    await page.getByTestId('catalogue-goal_progress').click();
    await chooseOption(page, 'widget-goal', 'E2E: grow the Bandung team fast');
    let saved = page.waitForResponse((response) => response.request().method() === 'PATCH');
    await page.getByTestId('widget-save').click();
    expect((await saved).status()).toBe(200);
    await scrollThrough(page);
    await page.getByTestId(`goal-widget-${goalId}`).waitFor();
    const goal = await getGoal(goalId);
    expect(await textOf(page, 'goal-widget-status')).toBe(STATUS_TEXT[goal.status]);

    await page.getByTestId('add-widget').click();
    await page.getByTestId('catalogue-target_leaderboard').click();
    saved = page.waitForResponse((response) => response.request().method() === 'PATCH');
    await page.getByTestId('widget-save').click();
    expect((await saved).status()).toBe(200);
    await scrollThrough(page);
    await page.getByTestId('target-leaderboard').waitFor();
    const api = await getJson<Leaderboard>(suite.udn.url, `/api/v1/goals/leaderboard?period=${period}`);
    const first = api.entries[0]!;
    expect(await textOf(page, `target-attainment-${first.rep_id}`)).toBe(percent(first.attainment));
    await page.context().close();
  });
});

// Runs last: it deletes a company quota the specs above read.
describe('deleting a company quota', () => {
  it('asks for a confirmation, not a name, and records the signed-in person', async () => {
    const quotaGoals = await getJson<GoalList>(suite.udn.url, '/api/v1/goals?kind=quota');
    const goal = quotaGoals.goals.find((item) => item.targets.some((target) => target.is_quota))!;
    const target = goal.targets.find((item) => item.is_quota)!;
    const page = await openPage(`/goals?goal=${goal.id}`);
    await page.getByTestId(`target-menu-${target.id}`).click();
    await page.getByTestId(`target-delete-${target.id}`).click();
    const confirm = page.getByTestId('quota-confirm');
    await confirm.getByTestId('quota-confirm-save').waitFor();
    expect(await confirm.textContent()).toContain('Delete a company quota?');
    expect(await confirm.locator('input, textarea').count()).toBe(0);
    const deleted = page.waitForResponse(
      (response) =>
        response.request().method() === 'DELETE' &&
        new URL(response.url()).pathname.endsWith(`/targets/${target.id}`),
    );
    await confirm.getByTestId('quota-confirm-save').click();
    const answer = await deleted;
    expect(answer.status()).toBe(204);
    // No name in the request: the server knows who is signed in.
    expect(new URL(answer.url()).search).toBe('');
    await confirm.waitFor({ state: 'detached' });
    const history = await getJson<QuotaChange[]>(
      suite.udn.url,
      `/api/v1/quotas/history?target_id=${target.id}`,
    );
    expect(history[0]).toMatchObject({ action: 'deleted', updated_by: OWNER.email });
    await page.context().close();
  });
});
