import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, newContext, PHONE } from './support/chromium.ts';
import { APP_PAGES } from './support/page.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: AxeNode[];
}

const VIEWS = [
  { name: 'desktop light', viewport: DESKTOP, colorScheme: 'light' },
  { name: 'desktop dark', viewport: DESKTOP, colorScheme: 'dark' },
  { name: 'phone light', viewport: PHONE, colorScheme: 'light' },
  { name: 'phone dark', viewport: PHONE, colorScheme: 'dark' },
] as const;

/** axe-core's serious and critical violations on the page as it is now, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP refuses an injected inline script.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }
    ).axe;
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: unknown[] };
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${node.failureSummary ?? v.help}`,
      ),
    );
}

// KPI-SPEC's numbers are only worth something if everyone can read them: no serious or critical
// axe-core violation on any page, in either theme, at desktop or phone size.
describe('accessibility (axe-core)', () => {
  for (const view of VIEWS) {
    it.each(APP_PAGES)(
      `$name, ${view.name}: no serious or critical violations`,
      async ({ path, ready, signedOut }) => {
        const context = await newContext(suite.browser, {
          viewport: view.viewport,
          colorScheme: view.colorScheme,
          ...(signedOut ? { storageState: null } : {}),
        });
        try {
          const page = await context.newPage();
          await page.goto(`${suite.udn.url}${path}`);
          await page.waitForSelector(ready, { timeout: 30_000 });
          await page.waitForLoadState('networkidle');
          // Let charts and transitions settle: axe reads computed colours.
          await page.waitForTimeout(600);
          expect(await seriousViolations(page)).toEqual([]);
        } finally {
          await context.close();
        }
      },
    );
  }

  it('an open dialog (the drill-down of a KPI), light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await newContext(suite.browser, { colorScheme });
      try {
        const page = await context.newPage();
        await page.goto(suite.udn.url);
        await page.getByTestId('value-revenue_per_rep').click();
        await page.getByTestId('drilldown-total').waitFor();
        await page.waitForTimeout(400);
        expect(await seriousViolations(page), colorScheme).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
