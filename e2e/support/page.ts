import type { Page } from 'playwright-core';

/** Waits until every KPI card of the page shows its value (no skeletons left in the cards). */
export async function waitForCards(page: Page, count = 10): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelectorAll('[data-testid^="value-"]').length >= expected,
    count,
    { timeout: 30_000 },
  );
}

export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** Picks an option of a Mantine Select (opened by clicking its input). */
export async function chooseOption(page: Page, selectTestId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(selectTestId).click();
  await page.getByRole('option', { name: option }).first().click();
}

/**
 * Every page of the app, with what shows it is ready (its data arrived); `signedOut` pages are opened
 * by someone not signed in.
 */
export const APP_PAGES: readonly { name: string; path: string; ready: string; signedOut?: true }[] = [
  { name: 'dashboard', path: '/', ready: '[data-testid^="value-"]' },
  { name: 'goals', path: '/goals', ready: '[data-testid^="goal-"]' },
  { name: 'goal map', path: '/goals/map', ready: '[data-testid="goal-map"], [data-testid="goal-outline"]' },
  { name: 'tasks', path: '/tasks', ready: '[data-testid="task-list"], [data-testid="tasks-empty"]' },
  { name: 'data', path: '/data', ready: '[data-testid="import-history"]' },
  { name: 'account', path: '/account', ready: '[data-testid="token-list"], [data-testid="tokens-empty"]' },
  { name: 'members', path: '/settings/members', ready: '[data-testid="member-list"] [data-testid*="@"]' },
  { name: 'audit log', path: '/settings/audit', ready: '[data-testid="audit-list"] tbody tr' },
  { name: 'sign in', path: '/signin', ready: '[data-testid="signin-submit"]', signedOut: true },
];
