import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { getJson } from '../e2e/support/api.ts';
import { launchChromium, newContext } from '../e2e/support/chromium.ts';
import { buildWeb, ROOT, startUdn } from '../e2e/support/server.ts';
import type { GoalList } from '../src/core/contracts/goals.ts';
import { openStore } from '../src/db/database.ts';
import { benchGoalProgress } from './goal-progress.ts';

/**
 * The goals page at scale (issue: "the goals page with 200 goals and 1,000 targets renders and
 * updates smoothly"). Serves the demo organisation, adds the benchmark's 200 goals and 1,000 targets
 * (bench/goal-progress.ts), then loads /goals in headless Chromium and records:
 * the time until the first page of goal rows is on screen, the longest main-thread task while
 * loading, the same for the benchmark folder alone, for expanding a goal, and for a live update
 * (a goal renamed through the API while the page is open, until the page shows it).
 *   npx tsx bench/measure-goals.ts   →  one JSON line
 */

export interface GoalsPageMeasurement {
  goals: number;
  targets: number;
  /** Median ms from navigation until the first page of goal rows is rendered (all goals). */
  rowsVisibleMs: number;
  /** Of which: the GET /goals answer arrived at (ms from navigation), and its size. */
  goalsResponseEndMs: number;
  goalsResponseKb: number;
  /** From the GET /goals answer to the rows on screen: parsing, ordering and rendering. */
  renderMs: number;
  /** Longest main-thread task (ms) during that load. */
  longestTaskMs: number;
  /** Σ (long task − 50 ms) during the load: how long input would have waited. */
  totalBlockingMs: number;
  /** The benchmark folder alone (200 goals). */
  folder: { rowsVisibleMs: number; longestTaskMs: number };
  /** Click on a goal until its targets are listed. */
  expandMs: number;
  /** A goal renamed through the API until the open page shows the new name (SSE → refetch → render). */
  liveUpdateMs: number;
  /** Longest main-thread task during the live update. */
  liveLongestTaskMs: number;
}

/** Plain JavaScript run before the page's scripts: collects every long task. */
const RECORD_LONG_TASKS = `
  (() => {
    window.__udnLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__udnLongTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  })();
`;

type LongTasks = [number, number][];
const longTasks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __udnLongTasks: [number, number][] }).__udnLongTasks);
const longestOf = (tasks: LongTasks, from = 0) =>
  Math.round(Math.max(0, ...tasks.filter(([start]) => start >= from).map(([, duration]) => duration)));
const blockingOf = (tasks: LongTasks) =>
  Math.round(tasks.reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Navigation start → the first page of goal rows is in the DOM (the page renders 40 at a time). */
async function loadRows(
  page: Page,
  url: string,
): Promise<{ ms: number; tasks: LongTasks; responseEnd: number; responseKb: number }> {
  await page.goto(url);
  // Timed in the page: the moment the 40th row is in the DOM. Plain JavaScript text (a transpiled
  // function could call helpers that do not exist in the page).
  const ms = await page.evaluate<number>(`new Promise((resolve) => {
    const done = () => document.querySelectorAll('[data-testid="goal-list"] > article').length >= 40;
    if (done()) resolve(performance.now());
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(document.body, { childList: true, subtree: true });
  })`);
  await page.waitForTimeout(1000);
  const response = await page.evaluate<{ end: number; bytes: number }>(`(() => {
    const entry = performance.getEntriesByType('resource').find((item) => /\\/api\\/v1\\/goals(\\?|$)/.test(item.name));
    return { end: entry ? entry.responseEnd : 0, bytes: entry ? entry.encodedBodySize : 0 };
  })()`);
  return {
    ms: Math.round(ms),
    tasks: await longTasks(page),
    responseEnd: Math.round(response.end),
    responseKb: Math.round(response.bytes / 102.4) / 10,
  };
}

export async function measureGoalsPage(options: { runs?: number } = {}): Promise<GoalsPageMeasurement> {
  const runs = options.runs ?? 3;
  if (!existsSync(path.join(ROOT, 'web/dist/index.html'))) buildWeb();
  const udn = await startUdn();
  const { browser, close } = await launchChromium();
  try {
    const store = await openStore(udn.db);
    try {
      await benchGoalProgress(store, { goals: 200, targets: 1000, runs: 1, keep: true });
    } finally {
      await store.close();
    }
    const all = await getJson<GoalList>(udn.url, '/api/v1/goals');
    const bench = all.goals.find((goal) => goal.name === 'Bench goal 1')!;
    const folderUrl = `${udn.url}/goals?folder=${bench.folder_id}`;

    type Sample = Awaited<ReturnType<typeof loadRows>>;
    const samples: Sample[] = [];
    const folderSamples: Sample[] = [];
    for (let run = 0; run <= runs; run++) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.addInitScript({ content: RECORD_LONG_TASKS });
      const loaded = await loadRows(page, `${udn.url}/goals`);
      const folder = await loadRows(page, folderUrl);
      // The first run warms the server's KPI caches and the disk.
      if (run > 0) {
        samples.push(loaded);
        folderSamples.push(folder);
      }
      await context.close();
    }

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.addInitScript({ content: RECORD_LONG_TASKS });
    await loadRows(page, folderUrl);
    const first = await page
      .locator('[data-testid="goal-list"] > article')
      .first()
      .getAttribute('data-testid');
    const id = Number(first!.replace('goal-', ''));
    // Timed in the page: a click on the goal until its targets are drawn (the next frame).
    const expandMs = Math.round(
      await page.evaluate<number>(`new Promise((resolve) => {
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="add-target-${id}"]')) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        });
        observer.observe(document.body, { childList: true, subtree: true });
        document.querySelector('[data-testid="goal-toggle-${id}"]').click();
      })`),
    );

    const goal = all.goals.find((item) => item.id === id)!;
    const mark = await page.evaluate(() => performance.now());
    const renamed = `${goal.name} (renamed)`;
    await fetch(`${udn.url}/api/v1/goals/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: renamed, version: goal.version }),
    });
    await page.getByText(renamed, { exact: true }).waitFor({ timeout: 10_000 });
    const liveUpdateMs = Math.round((await page.evaluate(() => performance.now())) - mark);
    await page.waitForTimeout(500);
    const liveLongestTaskMs = longestOf(await longTasks(page), mark);
    await context.close();

    return {
      goals: all.goals.length,
      targets: all.goals.reduce((sum, item) => sum + item.targets.length, 0),
      rowsVisibleMs: median(samples.map((sample) => sample.ms)),
      goalsResponseEndMs: median(samples.map((sample) => sample.responseEnd)),
      goalsResponseKb: samples[0]!.responseKb,
      renderMs: median(samples.map((sample) => sample.ms - sample.responseEnd)),
      longestTaskMs: median(samples.map((sample) => longestOf(sample.tasks))),
      totalBlockingMs: median(samples.map((sample) => blockingOf(sample.tasks))),
      folder: {
        rowsVisibleMs: median(folderSamples.map((sample) => sample.ms)),
        longestTaskMs: median(folderSamples.map((sample) => longestOf(sample.tasks))),
      },
      expandMs,
      liveUpdateMs,
      liveLongestTaskMs,
    };
  } finally {
    await close();
    await udn.stop();
  }
}

// `npx tsx bench/measure-goals.ts` prints the measurement.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  console.log(JSON.stringify(await measureGoalsPage()));
}
