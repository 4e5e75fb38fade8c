import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, newContext } from '../e2e/support/chromium.ts';
import { waitForCards } from '../e2e/support/page.ts';
import { buildWeb, ROOT, startUdn } from '../e2e/support/server.ts';

export interface WebMeasurement {
  /** Gzipped size of the JavaScript the browser loads before the first render (entry + modulepreloads). */
  initialJsGzipKb: number;
  /** Median ms from navigation start until the default dashboard shows all ten KPI values (demo data). */
  interactiveMs: number;
}

const DIST = path.join(ROOT, 'web/dist');

/** The entry script and the chunks index.html preloads: what loads before anything is shown. */
export function initialJsGzipKb(): number {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const sources = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((match) => match[1]!);
  const bytes = [...new Set(sources)].reduce(
    (total, source) => total + gzipSync(readFileSync(path.join(DIST, source.replace(/^\//, '')))).length,
    0,
  );
  return Math.round((bytes / 1024) * 10) / 10;
}

/**
 * Runs in the page before any of its scripts: notes when the cards show values, and every long task.
 * Plain JavaScript text: a transpiled function could reference helpers that do not exist in the page.
 */
const RECORD_TIMINGS = `
  (() => {
    const state = { cardsAt: 0, longTasks: [] };
    window.__udnTimings = state;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push([entry.startTime, entry.startTime + entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
    new MutationObserver(() => {
      if (state.cardsAt === 0 && document.querySelectorAll('[data-testid^="value-"]').length >= 10) {
        state.cardsAt = performance.now();
      }
    }).observe(document, { childList: true, subtree: true });
  })();
`;

/**
 * Interactive: the ten KPI values are on screen and the main thread then stays free of long tasks
 * (> 50 ms) for 500 ms — the quiet-window rule of Time to Interactive, starting from the values.
 */
export function interactiveAt(cardsAt: number, longTasks: [number, number][]): number {
  let at = cardsAt;
  for (const [start, end] of [...longTasks].sort((a, b) => a[0] - b[0])) {
    if (start < at + 500 && end > at) at = end;
  }
  return at;
}

export interface DetailedWebMeasurement extends WebMeasurement {
  /** Median ms from navigation start until the ten KPI values are in the page. */
  valuesVisibleMs: number;
  firstContentfulPaintMs: number;
}

/**
 * Builds the web app when needed, serves the demo organisation, and loads the default dashboard in
 * headless Chromium: one warm-up load (server caches, disk), then `runs` measured loads (medians).
 */
export async function measureWebDetailed(
  options: { runs?: number; build?: boolean } = {},
): Promise<DetailedWebMeasurement> {
  const runs = options.runs ?? 5;
  if (options.build || !existsSync(path.join(DIST, 'index.html'))) buildWeb();
  const udn = await startUdn();
  const { browser, close } = await launchChromium();
  try {
    const samples: { visible: number; interactive: number; fcp: number }[] = [];
    for (let run = 0; run <= runs; run++) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.addInitScript({ content: RECORD_TIMINGS });
      await page.goto(udn.url);
      await waitForCards(page);
      await page.waitForTimeout(2500);
      const timings = await page.evaluate(() => ({
        ...(window as unknown as { __udnTimings: { cardsAt: number; longTasks: [number, number][] } })
          .__udnTimings,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0,
      }));
      if (run > 0) {
        samples.push({
          visible: timings.cardsAt,
          interactive: interactiveAt(timings.cardsAt, timings.longTasks),
          fcp: timings.fcp,
        });
      }
      await context.close();
    }
    const median = (pick: (sample: (typeof samples)[number]) => number) => {
      const values = samples.map(pick).sort((a, b) => a - b);
      return Math.round(values[Math.floor(values.length / 2)]!);
    };
    return {
      initialJsGzipKb: initialJsGzipKb(),
      interactiveMs: median((sample) => sample.interactive),
      valuesVisibleMs: median((sample) => sample.visible),
      firstContentfulPaintMs: median((sample) => sample.fcp),
    };
  } finally {
    await close();
    await udn.stop();
  }
}

/** What the project's benchmark records: initial JS (gzip KB) and time to interactive (ms). */
export async function measureWeb(options: { runs?: number; build?: boolean } = {}): Promise<WebMeasurement> {
  const { initialJsGzipKb: kb, interactiveMs } = await measureWebDetailed(options);
  return { initialJsGzipKb: kb, interactiveMs };
}

// `npx tsx e2e/measure-web.ts` prints the measurement.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  console.log(JSON.stringify(await measureWebDetailed()));
}
