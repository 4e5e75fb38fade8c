import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, multipartType, send, speakAs } from '../../test/support/raw-http.ts';
import { SMALL } from '../../test/support/test-app.ts';
import { addTestPerson, firstOrg } from '../../test/support/test-people.ts';
import { createTestStore, type TestStore } from '../../test/support/test-stores.ts';
import type { RepSummary } from '../core/contracts/api.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';
import { type RunningServer, serverOptionsFromEnv, startServer } from './main.ts';

const REPS = fs.readFileSync(path.join(SMALL.dataDir, 'reps.csv'), 'utf8');
/** reps.csv with the first rep renamed: an upload that would visibly change the reps. */
const RENAMED = (name: string) => REPS.replace('Rep 1,', `${name},`);

describe('cross-origin writes, Host names and security headers on a listening server', () => {
  let store: TestStore;
  let server: RunningServer;
  let port: number;
  let webDist: string;

  beforeAll(async () => {
    store = await createTestStore('sqlite');
    const result = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(result.errors).toEqual([]);
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-web-'));
    fs.writeFileSync(
      path.join(webDist, 'index.html'),
      '<!doctype html><html><head><script>document.documentElement.dataset.x = "1";</script></head><body></body></html>',
    );
    server = await startServer({
      store,
      port: 0,
      host: '127.0.0.1',
      webDist,
      allowedOrigins: ['https://intranet.example'],
    });
    port = new URL(server.url).port ? Number(new URL(server.url).port) : 80;
    speakAs(port, (await addTestPerson(store, await firstOrg(store), 'owner')).headers);
  });
  afterAll(async () => {
    await server.app.close();
    await store.dispose();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  const repNames = async () => {
    const answer = await send(port, { path: '/api/v1/reps' });
    expect(answer.status).toBe(200);
    return (JSON.parse(answer.body) as RepSummary[]).map((rep) => rep.name).sort();
  };
  // ?wait=true: the answer is the import's result, so a write let through can be checked at once.
  const upload = (name: string, headers: Record<string, string>) =>
    send(port, {
      method: 'POST',
      path: '/api/v1/imports?wait=true',
      headers: { 'content-type': multipartType(), ...headers },
      body: multipartBody({ 'reps.csv': RENAMED(name) }),
    });

  it('refuses a multipart upload from a page of another site, and the reps stay as they were', async () => {
    const before = await repNames();
    const answer = await upload('Mallory', {
      origin: 'http://evil.example',
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'cors',
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'forbidden', field: 'origin' });
    expect(answer.body).toContain('http://evil.example');
    expect(await repNames()).toEqual(before);
  });

  it("refuses the mode:'no-cors' form post a page can send without asking, before reading its body", async () => {
    const before = await repNames();
    const body = multipartBody({ 'reps.csv': RENAMED('Mallory') });
    // Content-Length promises more than is sent: the answer comes without the server waiting for the rest.
    const answer = await send(port, {
      method: 'POST',
      path: '/api/v1/imports',
      headers: {
        'content-type': multipartType(),
        'content-length': String(body.length + 1_000_000),
        origin: 'http://evil.example',
        'sec-fetch-site': 'cross-site',
        'sec-fetch-mode': 'no-cors',
        'sec-fetch-dest': 'empty',
      },
      body,
    });
    expect(answer.status).toBe(403);
    expect(await repNames()).toEqual(before);
  });

  it('refuses a write whose Origin is another one even when the browser sends no Sec-Fetch-Site', async () => {
    const answer = await upload('Mallory', { origin: 'http://evil.example' });
    expect(answer.status).toBe(403);
    const sameSite = await upload('Mallory', {
      origin: `http://sub.127.0.0.1:${port}`,
      'sec-fetch-site': 'same-site',
    });
    expect(sameSite.status).toBe(403);
    const opaque = await upload('Mallory', { origin: 'null' });
    expect(opaque.status).toBe(403);
    expect(await repNames()).not.toContain('Mallory');
  });

  it("lets the app's own page write (same origin), and a program that sends no Origin", async () => {
    const own = await upload('Rep Same Origin', {
      origin: `http://127.0.0.1:${port}`,
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'cors',
    });
    expect(own.status, own.body).toBe(200);
    expect(await repNames()).toContain('Rep Same Origin');
    // Behind a TLS proxy the page is https while the server sees http: the same host is still its own page.
    const proxied = await upload('Rep Behind Proxy', {
      origin: `https://127.0.0.1:${port}`,
      'sec-fetch-site': 'same-origin',
    });
    expect(proxied.status, proxied.body).toBe(200);
    expect(await repNames()).toContain('Rep Behind Proxy');
    // The Vite dev server's proxy passes on the page's Origin (another port); the browser says same-origin.
    const devProxy = await upload('Rep Dev Proxy', {
      origin: 'http://localhost:5173',
      'sec-fetch-site': 'same-origin',
    });
    expect(devProxy.status, devProxy.body).toBe(200);
    const curl = await upload('Rep From Curl', {});
    expect(curl.status, curl.body).toBe(200);
    expect(await repNames()).toContain('Rep From Curl');
  });

  it('lets an origin listed in allowedOrigins (UDN_ALLOWED_ORIGINS) write from its own site', async () => {
    const answer = await upload('Rep Intranet', {
      origin: 'https://intranet.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(answer.status, answer.body).toBe(200);
    expect(await repNames()).toContain('Rep Intranet');
  });

  it('reads are not refused for their origin (a cross-site GET changes nothing)', async () => {
    const answer = await send(port, {
      path: '/api/v1/org',
      headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(answer.status).toBe(200);
  });

  it('answers 421 to a Host name that is not its own (DNS rebinding), telling to set UDN_ALLOWED_HOSTS', async () => {
    for (const method of ['GET', 'POST']) {
      const answer = await send(port, {
        method,
        path: method === 'GET' ? '/api/v1/reps' : '/api/v1/imports',
        headers: { host: `rebind.evil.example:${port}`, 'content-type': multipartType() },
        ...(method === 'POST' ? { body: multipartBody({ 'reps.csv': RENAMED('Mallory') }) } : {}),
      });
      expect(answer.status).toBe(421);
      const body = JSON.parse(answer.body) as { error: string; message: string };
      expect(body.error).toBe('misdirected_request');
      expect(body.message).toContain('UDN_ALLOWED_HOSTS');
      expect(body.message).toContain('rebind.evil.example');
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await send(port, { path: '/api/v1/org', headers: { host } })).status, host).toBe(200);
    }
    expect(await repNames()).not.toContain('Mallory');
  });

  it('sends the security headers on HTML and API answers: CSP, no framing, nosniff, referrer policy, no HSTS', async () => {
    const html = await send(port, { path: '/' });
    const api = await send(port, { path: '/api/v1/org' });
    const refused = await upload('Mallory', { origin: 'http://evil.example' });
    expect(html.headers['content-type']).toContain('text/html');
    for (const answer of [html, api, refused]) {
      const csp = String(answer.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('same-origin');
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
    // The inline script of index.html is allowed by its hash, not by 'unsafe-inline'.
    const scriptSrc = /script-src ([^;]*)/.exec(String(html.headers['content-security-policy']))?.[1] ?? '';
    expect(scriptSrc).toContain("'sha256-");
    expect(scriptSrc).not.toContain('unsafe-inline');
  });
});

describe('UDN_ALLOWED_HOSTS', () => {
  it('adds the names an operator serves under, keeping the loopback ones; * allows any', async () => {
    const store = await createTestStore('sqlite');
    const listed = await startServer({
      store,
      port: 0,
      host: '127.0.0.1',
      webDist: null,
      ...serverOptionsFromEnv({ UDN_ALLOWED_HOSTS: 'udn.lan, sales.example:8443' }),
    });
    const any = await startServer({
      store,
      port: 0,
      host: '127.0.0.1',
      webDist: null,
      ...serverOptionsFromEnv({ UDN_ALLOWED_HOSTS: '*' }),
    });
    try {
      const { headers } = await addTestPerson(store, await firstOrg(store), 'owner');
      const port = Number(new URL(listed.url).port);
      speakAs(port, headers);
      speakAs(Number(new URL(any.url).port), headers);
      const status = async (host: string) =>
        (await send(port, { path: '/api/v1/org', headers: { host } })).status;
      expect(await status(`udn.lan:${port}`)).toBe(200);
      expect(await status('UDN.LAN')).toBe(200);
      expect(await status('sales.example:8443')).toBe(200);
      expect(await status('sales.example:9000')).toBe(421);
      expect(await status(`localhost:${port}`)).toBe(200);
      expect(await status(`other.lan:${port}`)).toBe(421);
      const anyPort = Number(new URL(any.url).port);
      expect(
        (await send(anyPort, { path: '/api/v1/org', headers: { host: 'whatever.example' } })).status,
      ).toBe(200);
    } finally {
      await listed.app.close();
      await any.app.close();
      await store.dispose();
    }
  });
});
