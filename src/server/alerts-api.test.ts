import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { AlertEventItem, AlertRuleItem, FiredAlert } from '../core/contracts/alerts.ts';

/**
 * The alerts API (docs/alerts.md) on the small example (Asia/Jakarta, USD), "now" being
 * 2026-10-20 12:00 in Jakarta (the data's last activity is in early October): who may make which rule, what a check fires and who reads it.
 */

const NOW = Date.parse('2026-10-20T05:00:00Z');

describe.each(DIALECTS)('alerts API on %s', (dialect) => {
  let t: TestApp;
  let rep: TestPerson;
  let jakarta: TestPerson;
  let viewer: TestPerson;

  const send = (
    person: TestPerson | null,
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      ...(person ? { headers: person.headers } : {}),
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  const get = <T>(person: TestPerson | null, url: string) =>
    t.app.inject({ url, ...(person ? { headers: person.headers } : {}) }).then((r) => {
      expect(r.statusCode, r.body).toBe(200);
      return r.json<T>();
    });
  const revenueAbove = (scope: string) => ({
    name: `revenue ${scope}`,
    scope,
    condition: { kind: 'threshold', metric: 'revenue', period: 'year', operator: 'above', value: 0 },
  });

  beforeAll(async () => {
    t = await createTestApp(dialect, { alerts: { enabled: false, now: () => NOW, debounceMs: 60_000 } });
    const org = await t.org();
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    jakarta = await addTestPerson(t.store, org, 'manager', { teams: ['Jakarta'] });
    viewer = await addTestPerson(t.store, org, 'viewer');
  }, 60_000);
  afterAll(async () => t.dispose());

  it('lets each role make rules only within its reach, and refuses bad input by field', async () => {
    let r = await send(rep, 'POST', '/api/v1/alerts', revenueAbove('org'));
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ params: { field: 'scope' } });
    expect((await send(rep, 'POST', '/api/v1/alerts', revenueAbove('rep:R02'))).statusCode).toBe(403);
    r = await send(rep, 'POST', '/api/v1/alerts', revenueAbove('rep:R01'));
    expect(r.statusCode, r.body).toBe(201);
    expect((await send(jakarta, 'POST', '/api/v1/alerts', revenueAbove('team:Surabaya'))).statusCode).toBe(
      403,
    );
    r = await send(jakarta, 'POST', '/api/v1/alerts', {
      name: 'imports',
      condition: { kind: 'import', removedAtLeast: 0 },
      scope: 'team:Jakarta',
    });
    expect(r.statusCode).toBe(403);
    expect((await send(jakarta, 'POST', '/api/v1/alerts', revenueAbove('team:Jakarta'))).statusCode).toBe(
      201,
    );
    expect((await send(viewer, 'POST', '/api/v1/alerts', revenueAbove('team:Jakarta'))).statusCode).toBe(403);

    const before = (await get<{ rules: AlertRuleItem[] }>(null, '/api/v1/alerts')).rules.length;
    r = await send(null, 'POST', '/api/v1/alerts', {
      ...revenueAbove('org'),
      condition: { kind: 'threshold', metric: 'revenue_won', period: 'month', operator: 'above', value: 0 },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ field: string }>().field).toBe('condition.metric');
    r = await send(null, 'POST', '/api/v1/alerts', revenueAbove('team:Atlantis'));
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ field: 'scope' });
    expect((await get<{ rules: AlertRuleItem[] }>(null, '/api/v1/alerts')).rules.length).toBe(before);
  });

  it('checks now: a dry run tells what would fire, the real check fires it once, figures = the KPI report', async () => {
    for (const body of [
      revenueAbove('org'),
      revenueAbove('team:Surabaya'),
      { name: 'idle reps', condition: { kind: 'inactivity', days: 1, activity: 'any' } },
    ]) {
      expect((await send(null, 'POST', '/api/v1/alerts', body)).statusCode).toBe(201);
    }
    const dry = await send(null, 'POST', '/api/v1/alerts/check', { dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    const wouldFire = dry.json<{ fired: FiredAlert[] }>().fired;
    expect(wouldFire.length).toBeGreaterThan(3);
    expect(wouldFire.every((f) => f.eventId === null)).toBe(true);
    expect((await get<{ events: AlertEventItem[] }>(null, '/api/v1/alerts/events')).events).toEqual([]);

    const fired = (await send(null, 'POST', '/api/v1/alerts/check', {})).json<{ fired: FiredAlert[] }>()
      .fired;
    expect(fired.map((f) => [f.ruleId, f.subject])).toEqual(wouldFire.map((f) => [f.ruleId, f.subject]));
    const report = await get<{ org: { revenue: number }; teams: Record<string, { revenue: number }> }>(
      null,
      '/api/v1/kpis?period=2026&asof=2026-10-20',
    );
    const org = fired.find((f) => f.ruleName === 'revenue org')!;
    expect(org.value).toBe(report.org.revenue);
    expect(org.message).toContain(
      `is ${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(report.org.revenue)} in 2026 to date`,
    );
    expect(fired.find((f) => f.ruleName === 'revenue team:Surabaya')!.value).toBe(
      report.teams.Surabaya!.revenue,
    );
    // Still crossed: a second check fires nothing.
    expect(
      (await send(null, 'POST', '/api/v1/alerts/check', {})).json<{ fired: FiredAlert[] }>().fired,
    ).toEqual([]);
  });

  it('shows a manager only the events of their teams, and their notification', async () => {
    const all = (await get<{ events: AlertEventItem[] }>(null, '/api/v1/alerts/events')).events;
    expect(all.some((e) => e.subject === 'team:Surabaya')).toBe(true);
    const mine = (await get<{ events: AlertEventItem[] }>(jakarta, '/api/v1/alerts/events')).events;
    const subjects = new Set(mine.map((e) => e.subject));
    expect(subjects).toEqual(new Set(['team:Jakarta', 'rep:R01', 'rep:R07', 'rep:R10']));
    const repView = (await get<{ events: AlertEventItem[] }>(rep, '/api/v1/alerts/events')).events;
    expect(new Set(repView.map((e) => e.subject))).toEqual(new Set(['rep:R01']));
    const rules = (await get<{ rules: AlertRuleItem[] }>(jakarta, '/api/v1/alerts')).rules;
    expect(rules.map((r) => r.name).sort()).toEqual(['idle reps', 'revenue rep:R01', 'revenue team:Jakarta']);
    // Rep 4 left in June: only the active reps of Jakarta are watched.
    expect(rules.find((r) => r.name === 'idle reps')!.crossed.sort()).toEqual([
      'rep:R01',
      'rep:R07',
      'rep:R10',
    ]);
    const notes = await get<{ notifications: { kind: string; title: string; link: string | null }[] }>(
      jakarta,
      '/api/v1/notifications',
    );
    const teamAlert = mine.find((e) => e.subject === 'team:Jakarta')!;
    expect(notes.notifications).toContainEqual(
      expect.objectContaining({ kind: 'alert', title: teamAlert.title, link: teamAlert.link }),
    );
    expect(notes.notifications.some((n) => n.title.includes('Surabaya'))).toBe(false);
  });

  it('lets the maker change and delete a rule, and nobody else’s', async () => {
    const rules = (await get<{ rules: AlertRuleItem[] }>(rep, '/api/v1/alerts')).rules;
    const own = rules.find((r) => r.name === 'revenue rep:R01')!;
    let r = await send(rep, 'PATCH', `/api/v1/alerts/${own.id}`, { enabled: false });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<AlertRuleItem>().enabled).toBe(false);
    const team = (await get<{ rules: AlertRuleItem[] }>(null, '/api/v1/alerts')).rules.find(
      (x) => x.name === 'revenue team:Surabaya',
    )!;
    expect((await send(jakarta, 'DELETE', `/api/v1/alerts/${team.id}`)).statusCode).toBe(404);
    r = await send(rep, 'DELETE', `/api/v1/alerts/${own.id}`);
    expect(r.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/alerts/${own.id}` })).statusCode).toBe(404);
  });
});
