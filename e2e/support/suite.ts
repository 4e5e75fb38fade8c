import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, signInBrowser } from './chromium.ts';
import { type RunningUdn, startUdn } from './server.ts';

export interface SpecSuite {
  /** The spec's own `udn serve` (its own temporary database). */
  readonly udn: RunningUdn;
  readonly browser: Browser;
}

/**
 * One real server and one headless Chromium for a spec file: started before its first test, closed
 * after its last. The server is set up with its owner, and every context of the browser opens signed
 * in as them (unless the spec asks for another session). Read `udn` and `browser` inside tests and hooks (they exist once the suite started).
 */
export function specSuite(options: Parameters<typeof startUdn>[0] = {}): SpecSuite {
  let udn: RunningUdn | undefined;
  let browser: Browser | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    udn = await startUdn(options);
    const launched = await launchChromium();
    browser = launched.browser;
    closeBrowser = launched.close;
    if (udn.storageState) signInBrowser(browser, udn.storageState);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await udn?.stop();
  });
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined)
      throw new Error(`the spec suite has not started: ${name} is read outside a test`);
    return value;
  };
  return {
    get udn() {
      return started(udn, 'udn');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
