import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError } from '../core/contracts/api.ts';

describe.each(DIALECTS)('web app, docs and caching headers on %s', (dialect) => {
  let dist: string;
  let t: TestApp;
  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-web-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(
      path.join(dist, 'assets', 'app-abc123.js'),
      `console.log(${JSON.stringify('x'.repeat(4000))});`,
    );
    t = await createTestApp(dialect, { webDist: dist });
  });
  afterAll(async () => {
    await t.dispose();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html revalidated, hashed assets cached for a year and compressed', async () => {
    const index = await t.app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('id="root"');
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = await t.app.inject({
      url: '/assets/app-abc123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');
  });

  it("answers the app's own routes with index.html, but unknown API routes with a JSON 404", async () => {
    const deep = await t.app.inject({ url: '/dashboards/3?period=2026-Q1' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('id="root"');
    expect(deep.headers['cache-control']).toBe('no-cache');
    const api = await t.app.inject({ url: '/api/v1/unknown' });
    expect(api.statusCode).toBe(404);
    expect(api.json<ApiError>().error).toBe('not_found');
  });

  it('publishes the OpenAPI description and its browsable docs', async () => {
    const spec = await t.getJson<{ openapi: string; paths: Record<string, unknown> }>('/api/openapi.json');
    expect(spec.openapi).toMatch(/^3\./);
    for (const route of [
      '/api/v1/kpis',
      '/api/v1/series',
      '/api/v1/drilldown',
      '/api/v1/breakdowns/{dimension}',
      '/api/v1/dashboards',
      '/api/v1/dashboards/{id}',
      '/api/v1/imports',
      '/api/v1/events',
      '/api/v1/definitions',
    ]) {
      expect(Object.keys(spec.paths)).toContain(route);
    }
    const docs = await t.app.inject({ url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });

  it('without a built web app, / explains how to build it and the API still answers', async () => {
    const bare = await createTestApp(dialect, { empty: true, webDist: path.join(dist, 'missing') });
    try {
      const page = await bare.app.inject({ url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('npm run build:web');
      expect((await bare.getJson<{ hasData: boolean }>('/api/v1/org')).hasData).toBe(false);
    } finally {
      await bare.dispose();
    }
  });
});
