import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { multipartOf } from '../../../test/support/upload-client.ts';

const TOKEN = 'metrics-test-token-0123456789';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** One sample's value from Prometheus' text format, or undefined when the series is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  it('is not there without UDN_METRICS_TOKEN', async () => {
    t = await createTestApp('sqlite', { empty: true, metricsToken: null });
    const answer = await t.app.inject({ url: '/metrics', headers: bearer(TOKEN) });
    expect(answer.statusCode).toBe(404);
  });

  it('asks for the token, then counts requests by route pattern and imports by outcome and rows', async () => {
    t = await createTestApp('sqlite', { empty: true, metricsToken: TOKEN });
    for (const headers of [{}, bearer('wrong'), { authorization: TOKEN }]) {
      const refused = await t.app.inject({ url: '/metrics', headers: { ...headers, cookie: '' } });
      expect(refused.statusCode).toBe(401);
      expect(refused.body).not.toContain('udn_');
    }
    expect((await t.app.inject({ url: '/api/v1/goals/12345' })).statusCode).toBe(404);
    const form = await multipartOf({
      'leads.csv': 'id,created_at\nLM1,2026-02-03\nLM2,2026-02-04\nLM3,2026-02-05\n',
    });
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?wait=true',
      payload: form.body,
      headers: { 'content-type': form.contentType },
    });
    expect(imported.statusCode, imported.body).toBe(200);

    const answer = await t.app.inject({ url: '/metrics', headers: bearer(TOKEN) });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toContain('text/plain; version=0.0.4');
    const text = answer.body;
    // The route's pattern, not the URL asked for: one series per route however many ids are asked.
    expect(
      sample(
        text,
        'udn_http_request_duration_seconds_count{method="GET",route="/api/v1/goals/:id",status_class="4xx"}',
      ),
    ).toBe(1);
    expect(text).not.toContain('12345');
    expect(sample(text, 'udn_import_jobs_total{outcome="succeeded"}')).toBe(1);
    expect(sample(text, 'udn_import_rows_total')).toBe(3);
    expect(sample(text, 'udn_import_duration_seconds_count{outcome="succeeded"}')).toBe(1);
    expect(sample(text, 'udn_sse_clients')).toBe(0);
    expect(text).toContain('udn_response_cache_requests_total{result="hit"}');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('is served without a token on a private bind (UDN_METRICS_BIND) while the server listens', async () => {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    t = await createTestApp('sqlite', { empty: true, metricsToken: null, metricsBind: `127.0.0.1:${port}` });
    expect((await t.app.inject({ url: '/metrics', headers: bearer(TOKEN) })).statusCode).toBe(404);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.app.inject({ url: '/healthz' });
    // The listener opens just after listen() resolves (Fastify's onListen hooks).
    let scraped: Response | null = null;
    for (let i = 0; scraped === null && i < 100; i++)
      scraped = await fetch(`http://127.0.0.1:${port}/metrics`).catch(
        () => new Promise<null>((resolve) => setTimeout(() => resolve(null), 20)),
      );
    if (!scraped) throw new Error(`nothing listens on ${port}`);
    expect(scraped.status).toBe(200);
    expect(
      sample(
        await scraped.text(),
        'udn_http_request_duration_seconds_count{method="GET",route="/healthz",status_class="2xx"}',
      ),
    ).toBe(1);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    await t.dispose();
    t = null;
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

describe('request ids', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  it('echo a sane X-Request-Id, and replace one that could break a log line or header', async () => {
    t = await createTestApp('sqlite', { empty: true });
    const fresh = await t.app.inject({ url: '/healthz' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'proxy-7f3a.42' } });
    expect(given.headers['x-request-id']).toBe('proxy-7f3a.42');
    // Refused before its route runs (no credentials), it still carries its id.
    const refused = await t.app.inject({
      url: '/api/v1/goals',
      headers: { cookie: '', 'x-request-id': 'r-401' },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['x-request-id']).toBe('r-401');
    for (const unsafe of ['a b', 'x'.repeat(129), 'id"><script>', '']) {
      const replaced = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': unsafe } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
