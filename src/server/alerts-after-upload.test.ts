import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { multipartOf, postRaw, waitFor } from '../../test/support/upload-client.ts';
import type { AlertEventItem, AlertRuleItem } from '../core/contracts/alerts.ts';

/**
 * Alerts follow the data without anyone asking: an upload that crosses a rule fires it (the server's
 * afterDataChange hook, debounced), and an upload that fails fires the import rule (afterImport).
 * The small example, "now" 2026-10-20 12:00 in Jakarta.
 */

const NOW = Date.parse('2026-10-20T05:00:00Z');

describe.each(DIALECTS)('alerts after an upload on %s', (dialect) => {
  let t: TestApp;
  let base = '';
  let uploads = '';
  const events = async () => (await t.getJson<{ events: AlertEventItem[] }>('/api/v1/alerts/events')).events;

  beforeAll(async () => {
    uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-alerts-uploads-'));
    t = await createTestApp(dialect, {
      pollMs: 100,
      uploadDir: uploads,
      alerts: { enabled: false, now: () => NOW, debounceMs: 50 },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 60_000);
  afterAll(async () => {
    await t.dispose();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  it('fires a KPI rule the upload crosses, with the report’s figure', async () => {
    const before = await t.getJson<{ org: { revenue: number } }>(
      '/api/v1/kpis?period=2026-10&asof=2026-10-20',
    );
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      payload: {
        name: 'October beats its figure',
        condition: {
          kind: 'threshold',
          metric: 'revenue',
          period: 'month',
          operator: 'above',
          value: before.org.revenue,
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json<AlertRuleItem>();
    // Not crossed (equal is not above): the evaluation a new rule triggers fires nothing.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await events()).toEqual([]);

    const form = await multipartOf({
      'deals.csv':
        'id,created_at,status,owner_rep_id,closed_at,amount\nDX1,2026-10-15,won,R01,2026-10-15,1234.50\n',
    });
    const started = await postRaw(`${base}/api/v1/imports?wait=true`, form.body, form.contentType);
    expect(started.status, started.body).toBeLessThan(300);
    const fired = await waitFor(async () => {
      const list = await events();
      return list.length > 0 ? list : undefined;
    }, 15_000);
    const after = await t.getJson<{ org: { revenue: number } }>(
      '/api/v1/kpis?period=2026-10&asof=2026-10-20',
    );
    expect(after.org.revenue).toBeCloseTo(before.org.revenue + 1234.5, 2);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ ruleId: rule.id, subject: 'org', value: after.org.revenue });
    // The notification follows the event's log entry.
    const note = await waitFor(async () => {
      const { notifications } = await t.getJson<{ notifications: { kind: string; title: string }[] }>(
        '/api/v1/notifications',
      );
      return notifications.find((n) => n.kind === 'alert' && n.title === fired[0]!.title);
    }, 15_000);
    expect(note.title).toBe(fired[0]!.title);
  });

  it('fires the import rule for an upload that fails', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      payload: { name: 'imports', condition: { kind: 'import', removedAtLeast: 0 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const form = await multipartOf({
      'deals.csv':
        'id,created_at,status,owner_rep_id,closed_at,amount\nDX2,2026-10-15,won,NOBODY,2026-10-15,5\n',
    });
    await postRaw(`${base}/api/v1/imports?wait=true`, form.body, form.contentType);
    const failed = await waitFor(
      async () => (await events()).find((e) => e.subject.startsWith('import:')),
      15_000,
    );
    expect(failed.title).toMatch(/^Import #\d+ failed$/);
    expect(failed.link).toBe('/data');
  });
});
