import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Task, TaskList } from '../src/core/contracts/goals.ts';
import type { AccountLookup, DealLookup } from '../src/core/contracts/lookups.ts';
import { getJson } from './support/api.ts';
import { newContext, PHONE } from './support/chromium.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

/**
 * The task list in the browser against a real `udn serve` (demo organisation): a task is linked to
 * an account and a deal by typing part of their names, and rows show names, never bare ids.
 */

async function openPage(path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await newContext(suite.browser, viewport ? { viewport } : {});
  const page = await context.newPage();
  await page.goto(suite.udn.url + path);
  return page;
}

/** Waits for the POST /tasks answer the save button causes. */
async function saveTask(page: Page): Promise<Task> {
  const created = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().endsWith('/api/v1/tasks'),
  );
  await page.getByTestId('task-save').click();
  const response = await created;
  expect(response.status()).toBe(201);
  await page.getByTestId('task-form').waitFor({ state: 'detached' });
  return (await response.json()) as Task;
}

describe('tasks', () => {
  it('links a task to an account by typing part of its name, and the row shows the name', async () => {
    // The demo's accounts with "mitra" in their names, as the API ranks them.
    const expected = await getJson<AccountLookup>(suite.udn.url, '/api/v1/accounts?search=mitra&limit=20');
    expect(expected.accounts.length).toBeGreaterThan(1);
    const account = expected.accounts[1]!;

    const page = await openPage('/tasks?status=all');
    await page.getByTestId('task-list').waitFor();
    await page.getByTestId('task-create').click();
    await page.getByTestId('task-title').fill('Call about the toner tender');
    const picker = page.getByTestId('task-account');
    await picker.click();
    // Typed in mixed case and in part: the server matches, ignoring case.
    const answered = page.waitForResponse((response) => response.url().includes('search=MiTrA'));
    await picker.pressSequentially('MiTrA', { delay: 30 });
    await answered;
    // The options are the server's, in its order (a last slot may say that more match).
    const listbox = page.locator(`[id="${await picker.getAttribute('aria-controls')}"]`);
    const options = listbox.getByRole('option');
    await page.waitForFunction(
      ([id, first]) =>
        document.getElementById(id)?.querySelector('[role="option"]')?.textContent?.startsWith(first),
      [(await picker.getAttribute('aria-controls')) ?? '', expected.accounts[0]!.name] as const,
    );
    const shown = await options.allTextContents();
    expected.accounts.forEach((a, i) => {
      expect(shown[i]!.startsWith(a.name), `${shown[i]} ≠ ${a.name}`).toBe(true);
    });
    await options.filter({ hasText: account.name }).first().click();
    expect(await picker.inputValue()).toBe(account.name);
    const task = await saveTask(page);
    expect(task).toMatchObject({ account_id: account.id, account_name: account.name, deal_id: null });

    const row = page.getByTestId(`task-${task.id}`);
    await row.waitFor();
    const link = page.getByTestId(`task-account-${task.id}`);
    expect((await link.textContent())?.trim()).toBe(`Account: ${account.name}`);
    expect(await link.isVisible()).toBe(true);
    // The id is there on hover, and nowhere in the row's text.
    expect(await link.getAttribute('title')).toBe(`Account ${account.id}`);
    expect(await row.textContent()).not.toContain(account.id);
    await page.context().close();
  });

  it('links a deal by name, which brings its account along; editing shows both names', async () => {
    const deals = await getJson<DealLookup>(suite.udn.url, '/api/v1/deals?search=kertas&limit=5');
    const deal = deals.deals.find((d) => d.account_id !== null && d.name !== null)!;
    expect(deal).toBeDefined();

    const page = await openPage('/tasks?status=all');
    await page.getByTestId('task-list').waitFor();
    await page.getByTestId('task-create').click();
    await page.getByTestId('task-title').fill('Send the quote');
    const picker = page.getByTestId('task-deal');
    await picker.click();
    const answered = page.waitForResponse((response) =>
      response.url().includes(`search=${deal.id.toLowerCase()}`),
    );
    await picker.pressSequentially(deal.id.toLowerCase(), { delay: 30 });
    await answered;
    await page.getByRole('option', { name: new RegExp(`^${deal.name}`) }).click();
    expect(await page.getByTestId('task-account').inputValue()).toBe(deal.account_name);
    const task = await saveTask(page);
    expect(task).toMatchObject({
      deal_id: deal.id,
      deal_name: deal.name,
      account_id: deal.account_id,
      account_name: deal.account_name,
    });
    await page.getByTestId(`task-${task.id}`).waitFor();
    expect((await page.getByTestId(`task-deal-${task.id}`).textContent())?.trim()).toBe(`Deal: ${deal.name}`);
    expect(await page.getByTestId(`task-deal-${task.id}`).getAttribute('title')).toBe(`Deal ${deal.id}`);

    await page.getByTestId(`task-menu-${task.id}`).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    expect(await page.getByTestId('task-deal').inputValue()).toBe(deal.name);
    expect(await page.getByTestId('task-account').inputValue()).toBe(deal.account_name);
    await page.context().close();
  });

  it('creates an overdue task and highlights it in the overdue list', async () => {
    const page = await openPage('/tasks?status=all');
    await page.getByTestId('task-list').waitFor();
    await page.getByTestId('task-create').click();
    await page.getByTestId('task-title').fill('Send the Bandung price list');
    await page.getByTestId('task-due').fill('2020-01-06');
    const created = await saveTask(page);
    const list = await getJson<TaskList>(suite.udn.url, '/api/v1/tasks?overdue=true&limit=500');
    expect(list.tasks.find((task) => task.id === created.id)?.overdue).toBe(true);

    await page.goto(`${suite.udn.url}/tasks?due=overdue`);
    const row = page.getByTestId(`task-${created.id}`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('overdue');
    expect(await page.getByTestId('task-list').locator('li').count()).toBe(list.total);
    await page.context().close();
  });

  it('on a phone, rows show the linked names within the screen', async () => {
    const page = await openPage('/tasks', PHONE);
    await page.getByTestId('task-list').waitFor();
    const tasks = await getJson<TaskList>(suite.udn.url, '/api/v1/tasks?status=open');
    const linked = tasks.tasks.filter((task) => task.account_name !== null || task.deal_name !== null);
    expect(linked.length).toBeGreaterThan(0);
    for (const task of linked) {
      const id = task.account_name !== null ? `task-account-${task.id}` : `task-deal-${task.id}`;
      const box = await page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.context().close();
  });
});
