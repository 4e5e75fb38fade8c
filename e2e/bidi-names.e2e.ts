import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Goal, GoalFolder, Task } from '../src/core/contracts/goals.ts';
import { getJson, getOrg } from './support/api.ts';
import { newContext } from './support/chromium.ts';
import { ROOT, udnFetch } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

/**
 * Names with a right-to-left override, sent through the API as anyone could: wherever the app shows
 * them, the name is isolated for bidi (inside a <bdi> or an element with unicode-bidi: isolate, or
 * between FSI and PDI in composed text), so "\u202Egnp.exe" cannot reverse the text beside it.
 */

const RLO = '\u202E';
const GOAL = `${RLO}gnp.exe`;
const FOLDER = `${RLO}folder.exe`;
const TARGET = `${RLO}target.exe`;
const TASK = `${RLO}task.exe`;

let goalId = 0;

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await udnFetch(`${suite.udn.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as T;
}

beforeAll(async () => {
  const org = await getOrg(suite.udn.url);
  const reps = await getJson<{ id: string }[]>(suite.udn.url, '/api/v1/reps');
  const folder = await post<GoalFolder>('/api/v1/goal-folders', { name: FOLDER });
  const year = org.today.slice(0, 4);
  const goal = await post<Goal>('/api/v1/goals', {
    name: GOAL,
    folder_id: folder.id,
    owner_rep_id: reps[0]!.id,
    start_date: `${year}-01-01`,
    due_date: `${year}-12-31`,
    targets: [{ kind: 'number', name: TARGET, target_value: 10, current_value: 4 }],
  });
  goalId = goal.id;
  await post<Task>('/api/v1/tasks', {
    title: TASK,
    target_id: goal.targets[0]!.id,
    assignee_rep_id: reps[0]!.id,
  });
});

/**
 * Every text node on the page holding the override, and whether it is isolated: inside a BDI or an
 * element whose computed unicode-bidi isolates, or with the override between FSI and PDI.
 */
function overridesOnPage(page: Page): Promise<{ text: string; isolated: boolean }[]> {
  return page.evaluate((rlo) => {
    const found: { text: string; isolated: boolean }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!text.includes(rlo)) continue;
      // Composed text: every override must sit between FSI and PDI.
      let isolated = !text.replace(/\u2068[^\u2069]*\u2069/gu, '').includes(rlo);
      // Up to the paragraph the text is laid out in (its nearest non-inline box): an isolating
      // element further out (the root has dir="ltr", so it isolates) does not keep it from its neighbours.
      for (let el = node.parentElement; el && !isolated; el = el.parentElement) {
        const style = getComputedStyle(el);
        const bidi = style.unicodeBidi;
        isolated =
          el.tagName === 'BDI' || bidi === 'isolate' || bidi === 'isolate-override' || bidi === 'plaintext';
        if (style.display !== 'inline') break;
      }
      found.push({ text, isolated });
    }
    return found;
  }, RLO);
}

/** Where, left to right, `before` and `after` are drawn in the first text node that holds both. */
function positionsOf(
  page: Page,
  before: string,
  after: string,
): Promise<{ before: number; after: number } | null> {
  return page.evaluate(
    ([a, b]) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const i = text.indexOf(a!);
        const j = text.indexOf(b!, i + 1);
        if (i < 0 || j < 0) continue;
        const left = (from: number, length: number) => {
          const range = document.createRange();
          range.setStart(node, from);
          range.setEnd(node, from + length);
          return range.getBoundingClientRect().left;
        };
        return { before: left(i, a!.length), after: left(j, b!.length) };
      }
      return null;
    },
    [before, after],
  );
}

describe('names with a right-to-left override', () => {
  it('are isolated wherever the goals page shows them, and the text after them keeps its order', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/goals?goal=${goalId}`);
    await page.getByTestId(`goal-${goalId}`).waitFor();
    await page.getByText('task.exe').first().waitFor();

    const shown = await overridesOnPage(page);
    const texts = shown.map((node) => node.text);
    for (const name of [GOAL, FOLDER, TARGET, TASK]) expect(texts).toContain(name);
    expect(shown.filter((node) => !node.isolated)).toEqual([]);
    const goalName = page.getByTestId(`goal-${goalId}`).locator('h3 bdi');
    expect(await goalName.evaluate((el) => [el.textContent, getComputedStyle(el).unicodeBidi])).toEqual([
      GOAL,
      'isolate',
    ]);
    await page.screenshot({ path: `${ROOT}/e2e/.artifacts/bidi-names-goals.png` });

    // In running text: the confirmation names the goal, and what follows it still reads left to right.
    await page.getByTestId(`goal-menu-${goalId}`).click();
    await page.getByRole('menuitem', { name: 'Delete goal' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('and its targets?').waitFor();
    const confirm = (await overridesOnPage(page)).find((node) => node.text.startsWith('Delete “'));
    expect(confirm).toEqual({
      text: `Delete “\u2068${GOAL}\u2069” and its targets? Linked tasks stay, unlinked. This cannot be undone.`,
      isolated: true,
    });
    const order = (await positionsOf(page, 'Delete', 'and its targets'))!;
    expect(order.after).toBeGreaterThan(order.before);
    const name = (await positionsOf(page, 'gnp.exe', 'and its targets'))!;
    expect(name.after).toBeGreaterThan(name.before);
    await page.screenshot({ path: `${ROOT}/e2e/.artifacts/bidi-names-dialog.png` });
    await context.close();
  });

  it('are isolated on the tasks page', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/tasks`);
    await page.getByText('task.exe').first().waitFor();
    const shown = await overridesOnPage(page);
    expect(shown.map((node) => node.text)).toContain(TASK);
    expect(shown.filter((node) => !node.isolated)).toEqual([]);
    await context.close();
  });
});
