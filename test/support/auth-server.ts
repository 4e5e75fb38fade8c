import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { betterAuth } from 'better-auth';
import { toNodeHandler } from 'better-auth/node';
import { authPlugins } from '../../src/auth/auth-plugins.ts';
import type { Mailer } from '../../src/auth/mailer.ts';
import { emailOptions } from '../../src/auth/password-reset.ts';
import type { SsoConfig } from '../../src/auth/sso-config.ts';
import type { Store } from '../../src/db/database.ts';

/**
 * better-auth on a test store, with sso's plugins and reset settings, served over real HTTP on
 * 127.0.0.1 (the same settings src/auth/auth-instance.ts gives the UDN server).
 */
export async function startAuthServer(
  store: Store,
  options: { sso?: SsoConfig | null; mailer?: Mailer | null },
) {
  let handler: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const server = http.createServer((req, res) => {
    if (handler && req.url?.startsWith('/api/auth/')) return handler(req, res);
    res.statusCode = 404;
    res.end(`not found: ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = betterAuth({
    appName: 'UDN',
    secret: 'udn-test-secret-udn-test-secret-0123456789',
    database: { db: store.db, type: store.dialect },
    baseURL: url,
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 8,
      ...emailOptions(options.mailer ?? null),
    },
    rateLimit: { enabled: false },
    advanced: { cookiePrefix: 'udn', useSecureCookies: false },
    telemetry: { enabled: false },
    logger: { level: 'error' },
    plugins: authPlugins({ baseURL: url, store, sso: options.sso ?? null }),
  });
  handler = toNodeHandler(auth);
  return {
    url,
    auth,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Cookies by host, as a browser keeps them (ports share cookies, so servers differ by host name). */
export class CookieJar {
  private readonly hosts = new Map<string, Map<string, string>>();

  header(url: string): string {
    const jar = this.hosts.get(new URL(url).hostname);
    return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  keep(url: string, response: Response): void {
    const host = new URL(url).hostname;
    const jar = this.hosts.get(host) ?? new Map<string, string>();
    this.hosts.set(host, jar);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a),
      );
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }

  has(host: string, name: string): boolean {
    return this.hosts.get(host)?.has(name) ?? false;
  }
}

/** fetch that carries the jar's cookies and follows redirects by hand, across servers, as a browser does. */
export async function browse(
  jar: CookieJar,
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ response: Response; url: string; visited: string[] }> {
  const visited: string[] = [];
  let current = url;
  let method = init.method ?? 'GET';
  let body: string | undefined = init.body === undefined ? undefined : JSON.stringify(init.body);
  for (let hop = 0; hop < 20; hop++) {
    visited.push(current);
    const response = await fetch(current, {
      method,
      redirect: 'manual',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        origin: new URL(current).origin,
        cookie: jar.header(current),
        ...init.headers,
      },
      ...(body === undefined ? {} : { body }),
    });
    jar.keep(current, response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location)
      return { response, url: current, visited };
    await response.arrayBuffer();
    current = new URL(location, current).toString();
    method = 'GET';
    body = undefined;
  }
  throw new Error(`more than 20 redirects from ${url}: ${visited.join(' → ')}`);
}
