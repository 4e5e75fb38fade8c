import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UDN = path.join(ROOT, 'bin/udn.js');

/** The owner every spec's server is set up with (through the first-run API, as a person would). */
export const OWNER = {
  name: 'Olivia Owner',
  email: 'owner@udn.test',
  password: 'e2e-owner-password-1',
} as const;

/** A browser's cookies as Playwright restores them into a context (its `storageState`). */
export interface StorageState {
  cookies: {
    name: string;
    value: string;
    domain: string;
    path: string;
    expires: number;
    httpOnly: boolean;
    secure: boolean;
    sameSite: 'Strict' | 'Lax' | 'None';
  }[];
  origins: [];
}

export type SignedFetch = (pathOrUrl: string, init?: RequestInit) => Promise<Response>;

export interface RunningUdn {
  url: string;
  db: string;
  /** The owner's signed-in session for browser contexts; null on a server still waiting for its setup. */
  storageState: StorageState | null;
  /** fetch, signed in as the owner: the session cookie, and the CSRF token on writes. */
  fetch: SignedFetch;
  stop: () => Promise<void>;
}

/** The cookies of answers, kept by name (a tiny jar: one server, one path). */
class CookieJar {
  readonly values = new Map<string, string>();
  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.values.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }
  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD';

/**
 * A person signed in over HTTP, as the browser would: better-auth's email sign-in sets the session
 * cookie; writes carry the CSRF token of GET /api/v1/csrf. Returns their fetch and their cookies.
 */
export async function signInOverHttp(
  url: string,
  email: string,
  password: string,
): Promise<{ fetch: SignedFetch; storageState: StorageState }> {
  const jar = new CookieJar();
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new Error(`sign-in of ${email} failed: HTTP ${response.status} ${await response.text()}`);
  jar.keep(response);
  const host = new URL(url).hostname;
  const storageState: StorageState = {
    cookies: [...jar.values].map(([name, value]) => ({
      name,
      value,
      domain: host,
      path: '/',
      expires: -1,
      httpOnly: true,
      secure: false,
      sameSite: 'Lax',
    })),
    origins: [],
  };
  let csrf: string | undefined;
  const signedFetch: SignedFetch = async (pathOrUrl, init = {}) => {
    const target = pathOrUrl.startsWith('http') ? pathOrUrl : url + pathOrUrl;
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    headers.set('origin', url);
    if (isWrite(method)) {
      if (csrf === undefined) {
        const answer = await fetch(`${url}/api/v1/csrf`, { headers: { cookie: jar.header() } });
        jar.keep(answer);
        csrf = ((await answer.json()) as { token: string }).token;
      }
      headers.set('x-csrf-token', csrf);
    }
    headers.set('cookie', jar.header());
    const answer = await fetch(target, { ...init, headers });
    jar.keep(answer);
    return answer;
  };
  return { fetch: signedFetch, storageState };
}

/** The servers started by this process, by address: `udnFetch` signs a request to one in as its owner. */
const running = new Map<string, RunningUdn>();

/** fetch, signed in as the owner of the server the address points at (a plain fetch for any other). */
export function udnFetch(target: string, init?: RequestInit): Promise<Response> {
  for (const [url, udn] of running) if (target.startsWith(url)) return udn.fetch(target, init);
  return fetch(target, init);
}

export interface ServeOptions {
  /** The database file, kept on stop; without it, a temporary one of its own, removed on stop. */
  db?: string;
  /** 0 (the default) asks for any free port; a fixed one brings a stopped server back where it was. */
  port?: number;
  /** More arguments for `udn serve` (e.g. `--empty`). */
  args?: string[];
  /** More environment, as an operator would set it (UDN_OIDC_*, UDN_SMTP_URL, …). */
  env?: Record<string, string>;
}

export interface UdnProcess {
  url: string;
  db: string;
  /** Ends the server (SIGTERM, then SIGKILL after 5 s) and removes its temporary database. */
  stop: () => Promise<void>;
}

/** Runs `udn serve` and waits for the address it prints; nothing is set up on it. */
export async function serveUdn(options: ServeOptions = {}): Promise<UdnProcess> {
  const dir = options.db === undefined ? mkdtempSync(path.join(tmpdir(), 'udn-e2e-')) : null;
  const db = options.db ?? path.join(dir as string, 'udn.sqlite');
  const args = [UDN, 'serve', '--db', db, '--port', String(options.port ?? 0), ...(options.args ?? [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise((resolve) => setTimeout(() => resolve(true), 5000)),
      ]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`udn serve did not start in time:\n${output}`)),
        90_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        // Its own line, not Fastify's JSON "Server listening at …" log, which may come first.
        const match = /UDN is serving .* at (http:\/\/[^\s/]+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`udn serve exited (${code}):\n${output}`));
      });
    });
    return { url, db, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the real server (`udn serve`) on a free port with its own temporary database, then sets it up
 * through the first-run API as its owner would: the demo organisation (and its demo people), or an
 * empty one with `empty: true`. `fresh: true` leaves the setup undone (the app shows its setup page).
 */
export async function startUdn(options: { empty?: boolean; fresh?: boolean } = {}): Promise<RunningUdn> {
  // The server creates nothing by itself: the organisation comes from the setup, as on a fresh install.
  const server = await serveUdn({ args: ['--empty'] });
  const { url, db } = server;
  const stop = async () => {
    running.delete(url);
    await server.stop();
  };
  if (options.fresh) {
    const plain: SignedFetch = (target, init) =>
      fetch(target.startsWith('http') ? target : url + target, init);
    return { url, db, storageState: null, fetch: plain, stop };
  }
  try {
    const setup = await fetch(`${url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ ...OWNER, orgName: 'UDN Demo', demo: options.empty !== true }),
    });
    if (setup.status !== 201) throw new Error(`setup failed: HTTP ${setup.status} ${await setup.text()}`);
    const owner = await signInOverHttp(url, OWNER.email, OWNER.password);
    const udn: RunningUdn = { url, db, storageState: owner.storageState, fetch: owner.fetch, stop };
    running.set(url, udn);
    return udn;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Builds web/dist once per test run (the server serves it). */
export function buildWeb(): void {
  if (process.env.UDN_E2E_SKIP_BUILD === '1' && existsSync(path.join(ROOT, 'web/dist/index.html'))) return;
  // vitest sets NODE_ENV=test, which would give Vite React's development build.
  const result = spawnSync('npm', ['run', 'build:web'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
}
