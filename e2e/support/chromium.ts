import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { findChromium, launchFailure } from './chromium-binary.ts';
import type { StorageState } from './server.ts';

export interface LaunchedBrowser {
  browser: Browser;
  close: () => Promise<void>;
}

/**
 * Headless Chromium, the one findChromium picks (UDN_CHROMIUM, the system's, or the npm package's).
 * Playwright gives every launch a fresh temporary profile (it passes its own --user-data-dir and
 * refuses ours), so no state leaks between runs.
 */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const binary = await findChromium();
  const browser = await chromium
    .launch({
      executablePath: binary.executablePath,
      args: [
        ...binary.args,
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
      ...(Object.keys(binary.env).length > 0 ? { env: { ...process.env, ...binary.env } } : {}),
    })
    .catch((error: unknown) => {
      throw launchFailure(binary, error);
    });
  return {
    browser,
    close: () => browser.close(),
  };
}

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** The session a spec's browser opens its pages with: its server's owner, signed in once. */
const sessions = new WeakMap<Browser, StorageState>();
export function signInBrowser(browser: Browser, state: StorageState): void {
  sessions.set(browser, state);
}

/**
 * A browser context, signed in as the spec's owner unless `storageState` says otherwise: another
 * session (another server, another person) or null for someone not signed in.
 */
export async function newContext(
  browser: Browser,
  options: {
    viewport?: { width: number; height: number };
    colorScheme?: 'light' | 'dark';
    locale?: string;
    /** The browser's own time zone (IANA name); the machine's when not given. */
    timezoneId?: string;
    storageState?: StorageState | null;
  } = {},
): Promise<BrowserContext> {
  const phone = options.viewport?.width === PHONE.width;
  const storageState = options.storageState === undefined ? sessions.get(browser) : options.storageState;
  return browser.newContext({
    ...(storageState ? { storageState } : {}),
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
  });
}
