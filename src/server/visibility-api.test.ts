import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, addTestShareLink, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { Dashboard, DrilldownResponse, KpiReport } from '../core/contracts/api.ts';
import type { Leaderboard, QuotaChange, TaskStats } from '../core/contracts/goals.ts';
import type { RepInfo } from '../core/kpis/report.ts';
import { loadReps } from '../db/kpi-facts.ts';
import { setOpenLeaderboard } from '../db/org-repo.ts';
import { insertQuotaChange } from '../db/quota-changes-repo.ts';

const PERIOD = 'period=2026-Q1';
/** Count metrics: their drill-down `total` is the KPI value (and each has owned records). */
const COUNTS = ['deals_won', 'new_opportunities', 'new_leads', 'emails_sent', 'new_customers'] as const;

// What each person may see, through the API, on the conformance example (Jakarta: R01 R04 R07 R10).
describe.each(DIALECTS)('what each person sees on %s', (dialect) => {
  let t: TestApp;
  let reps: RepInfo[];
  let whole: KpiReport;
  const people = {} as Record<'rep' | 'otherRep' | 'manager' | 'admin' | 'viewer', TestPerson>;

  const as = async <T>(person: TestPerson, url: string, status = 200): Promise<T> => {
    const response = await t.app.inject({ url, headers: person.headers });
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(status);
    return response.json<T>();
  };
  const jakarta = () => reps.filter((rep) => rep.team === 'Jakarta').map((rep) => rep.id);
  const openLeaderboard = async (open: boolean) => {
    const org = await t.org();
    await setOpenLeaderboard(t.store.db, org.id, open);
    t.app.udn.orgChanged(org.id);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.org();
    reps = await loadReps(t.store.db, org.id);
    people.rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    people.otherRep = await addTestPerson(t.store, org, 'rep', { repId: 'R02' });
    people.manager = await addTestPerson(t.store, org, 'manager', { teams: ['Jakarta'] });
    people.admin = await addTestPerson(t.store, org, 'admin');
    people.viewer = await addTestPerson(t.store, org, 'viewer');
    // The owner asks first, so that every narrowed answer below could be served a cached whole one.
    whole = await t.getJson<KpiReport>(`/api/v1/kpis?${PERIOD}`);
    for (const metric of COUNTS) await t.getJson(`/api/v1/drilldown?metric=${metric}&${PERIOD}`);
  });
  afterAll(() => t.dispose());

  it('the whole report has every rep (the owner sees all)', () => {
    expect(Object.keys(whole.reps).sort()).toEqual(reps.map((rep) => rep.id).sort());
    expect(jakarta()).toEqual(['R01', 'R04', 'R07', 'R10']);
  });

  it('a rep sees the organisation and teams whole, and their own row only', async () => {
    const report = await as<KpiReport>(people.rep, `/api/v1/kpis?${PERIOD}`);
    expect(report.org).toEqual(whole.org);
    expect(report.teams).toEqual(whole.teams);
    expect(report.reps).toEqual({ R01: whole.reps.R01 });
  });

  it('a manager of Jakarta sees Jakarta’s reps only; an admin all; a viewer none', async () => {
    const manager = await as<KpiReport>(people.manager, `/api/v1/kpis?${PERIOD}`);
    expect(Object.keys(manager.reps).sort()).toEqual(jakarta());
    expect(manager.reps.R07).toEqual(whole.reps.R07);
    expect(manager.teams).toEqual(whole.teams);
    expect(await as<KpiReport>(people.admin, `/api/v1/kpis?${PERIOD}`)).toEqual(whole);
    const viewer = await as<KpiReport>(people.viewer, `/api/v1/kpis?${PERIOD}`);
    expect(viewer.reps).toEqual({});
    expect(viewer.org).toEqual(whole.org);
    expect(viewer.teams).toEqual(whole.teams);
  });

  it('a rep’s drill-downs hold their own records, and their totals are the rep’s KPI numbers', async () => {
    for (const metric of COUNTS) {
      const own = await as<DrilldownResponse>(
        people.rep,
        `/api/v1/drilldown?metric=${metric}&${PERIOD}&pageSize=500`,
      );
      expect(own.total, metric).toBe(whole.reps.R01![metric]);
      expect(own.total, metric).toBeGreaterThan(0);
      expect(own.rows.length, metric).toBe(own.total);
      expect(new Set(own.rows.map((row) => row.owner)), metric).toEqual(new Set(['Rep 1']));
      // Asked by its own rep scope: the same records.
      const scoped = await as<DrilldownResponse>(
        people.rep,
        `/api/v1/drilldown?metric=${metric}&${PERIOD}&pageSize=500&scope=rep:R01`,
      );
      expect(scoped.rows, metric).toEqual(own.rows);
      // A team scope narrows to the rep too; a team without them holds nothing they may see.
      const team = await as<DrilldownResponse>(
        people.rep,
        `/api/v1/drilldown?metric=${metric}&${PERIOD}&scope=team:Jakarta`,
      );
      expect(team.total, metric).toBe(own.total);
      const other = await as<DrilldownResponse>(
        people.rep,
        `/api/v1/drilldown?metric=${metric}&${PERIOD}&scope=team:Surabaya`,
      );
      expect(other.total, metric).toBe(0);
      expect(other.rows).toEqual([]);
    }
  });

  it('pages of a narrowed drill-down agree with its total', async () => {
    const url = `/api/v1/drilldown?metric=new_leads&${PERIOD}&pageSize=3`;
    const first = await as<DrilldownResponse>(people.manager, `${url}&page=1`);
    const expected = jakarta().reduce((sum, id) => sum + (whole.reps[id]!.new_leads ?? 0), 0);
    expect(first.total).toBe(expected);
    const ids: unknown[] = [];
    for (let page = 1; (page - 1) * 3 < first.total; page++) {
      const rows = (await as<DrilldownResponse>(people.manager, `${url}&page=${page}`)).rows;
      ids.push(...rows.map((row) => row.id));
    }
    expect(ids.length).toBe(expected);
    expect(new Set(ids).size).toBe(expected);
  });

  it('a manager’s and a viewer’s drill-downs: their team’s records; none', async () => {
    const manager = await as<DrilldownResponse>(
      people.manager,
      `/api/v1/drilldown?metric=deals_won&${PERIOD}`,
    );
    expect(manager.total).toBe(jakarta().reduce((sum, id) => sum + (whole.reps[id]!.deals_won ?? 0), 0));
    const names = new Set(reps.filter((rep) => rep.team === 'Jakarta').map((rep) => rep.name));
    for (const row of manager.rows) expect(names.has(String(row.owner))).toBe(true);
    const viewer = await as<DrilldownResponse>(people.viewer, `/api/v1/drilldown?metric=deals_won&${PERIOD}`);
    expect(viewer.total).toBe(0);
    expect(viewer.rows).toEqual([]);
    // Spend is the organisation's, not a rep's: everyone's.
    const spend = await t.getJson<DrilldownResponse>(`/api/v1/drilldown?metric=spend&${PERIOD}`);
    expect(
      (await as<DrilldownResponse>(people.viewer, `/api/v1/drilldown?metric=spend&${PERIOD}`)).total,
    ).toBe(spend.total);
  });

  it('a rep asking for another rep by name is refused 403, saying why', async () => {
    for (const url of [
      `/api/v1/drilldown?metric=deals_won&${PERIOD}&scope=rep:R02`,
      `/api/v1/series?metric=revenue&${PERIOD}&scope=rep:R02`,
      `/api/v1/breakdowns/lead_source?${PERIOD}&scope=rep:R02`,
      '/api/v1/quotas/history?scope=rep:R02',
    ]) {
      const refused = await as<{ error: string; message: string; params: Record<string, unknown> }>(
        people.rep,
        url,
        403,
      );
      expect(refused.error).toBe('forbidden');
      expect(refused.message).toMatch(/individual numbers of rep R02/);
      expect(refused.params).toEqual({ reason: 'rep_not_visible', rep: 'R02' });
    }
    // Their own rep, a team and the organisation are answered.
    await as(people.rep, `/api/v1/series?metric=revenue&${PERIOD}&scope=rep:R01`);
    await as(people.rep, `/api/v1/series?metric=revenue&${PERIOD}&scope=team:Surabaya`);
    await as(people.viewer, `/api/v1/breakdowns/lead_source?${PERIOD}&scope=team:Surabaya`);
    await as(people.manager, `/api/v1/series?metric=revenue&${PERIOD}&scope=rep:R07`);
    await as(people.manager, `/api/v1/series?metric=revenue&${PERIOD}&scope=rep:R02`, 403);
    await as(people.viewer, `/api/v1/series?metric=revenue&${PERIOD}&scope=rep:R01`, 403);
  });

  it('lookups, task stats, the leaderboard and quota history keep the visible reps', async () => {
    const deals = await as<{ deals: { owner_rep_id: string | null }[] }>(
      people.rep,
      '/api/v1/deals?limit=50',
    );
    expect(deals.deals.length).toBeGreaterThan(0);
    for (const deal of deals.deals) expect(deal.owner_rep_id).toBe('R01');
    const accounts = await as<{ accounts: { owner_rep_id: string | null }[] }>(
      people.manager,
      '/api/v1/accounts?limit=50',
    );
    expect(accounts.accounts.length).toBeGreaterThan(0);
    for (const account of accounts.accounts) expect(jakarta()).toContain(account.owner_rep_id);
    expect((await as<{ deals: unknown[] }>(people.viewer, '/api/v1/deals')).deals).toEqual([]);

    expect(Object.keys(await as<TaskStats>(people.rep, `/api/v1/tasks/stats?${PERIOD}`))).toEqual(['R01']);
    expect(Object.keys(await as<TaskStats>(people.manager, `/api/v1/tasks/stats?${PERIOD}`)).sort()).toEqual(
      jakarta(),
    );
    expect(Object.keys(await as<TaskStats>(people.admin, `/api/v1/tasks/stats?${PERIOD}`)).length).toBe(
      reps.length,
    );

    const board = await t.getJson<Leaderboard>(`/api/v1/goals/leaderboard?${PERIOD}`);
    const mine = await as<Leaderboard>(people.rep, `/api/v1/goals/leaderboard?${PERIOD}`);
    expect(board.entries.length).toBeGreaterThan(jakarta().length);
    expect(mine.entries).toEqual(board.entries.filter((entry) => entry.rep_id === 'R01'));
    expect(mine.entries).toHaveLength(1);
    const team = await as<Leaderboard>(people.manager, `/api/v1/goals/leaderboard?${PERIOD}&limit=2`);
    expect(team.entries).toEqual(
      board.entries.filter((entry) => jakarta().includes(entry.rep_id)).slice(0, 2),
    );
    expect((await as<Leaderboard>(people.viewer, `/api/v1/goals/leaderboard?${PERIOD}`)).entries).toEqual([]);

    // A change of the organisation's, a team's, the rep's own and another rep's quota.
    const org = await t.org();
    for (const [i, scope] of ['org', 'team:Surabaya', 'rep:R01', 'rep:R02'].entries()) {
      await insertQuotaChange(t.store.db, org.id, {
        at: Date.UTC(2026, 0, 10 + i),
        updated_by: 'Ana',
        action: 'set',
        scope,
        metric: 'revenue',
        period_start: '2026-01-01',
        period_end: '2026-03-31',
        old_value: 100,
        new_value: 200,
        goal_id: null,
        goal_name: null,
        target_id: null,
        target_name: null,
      });
    }
    const scopes = async (person: TestPerson) =>
      (await as<QuotaChange[]>(person, '/api/v1/quotas/history')).map((change) => change.scope);
    expect(await scopes(t.owner)).toEqual(['rep:R02', 'rep:R01', 'team:Surabaya', 'org']);
    expect(await scopes(people.rep)).toEqual(['rep:R01', 'team:Surabaya', 'org']);
    expect(await scopes(people.viewer)).toEqual(['team:Surabaya', 'org']);
    expect(await scopes(people.manager)).toEqual(['rep:R01', 'team:Surabaya', 'org']);
  });

  it('with the open leaderboard on, everyone sees every rep', async () => {
    await openLeaderboard(true);
    try {
      for (const person of [people.rep, people.viewer, people.manager]) {
        expect(await as<KpiReport>(person, `/api/v1/kpis?${PERIOD}`)).toEqual(whole);
      }
      const other = await as<DrilldownResponse>(
        people.rep,
        `/api/v1/drilldown?metric=deals_won&${PERIOD}&scope=rep:R02`,
      );
      expect(other.total).toBe(whole.reps.R02!.deals_won);
      const all = await as<DrilldownResponse>(people.viewer, `/api/v1/drilldown?metric=deals_won&${PERIOD}`);
      expect(all.total).toBe(whole.org.deals_won);
    } finally {
      await openLeaderboard(false);
    }
    // Closed again: the narrowed answers come back at once.
    expect(Object.keys((await as<KpiReport>(people.rep, `/api/v1/kpis?${PERIOD}`)).reps)).toEqual(['R01']);
  });

  it('a share link sees the aggregates, and the reps only under the open leaderboard', async () => {
    const [dashboard] = await t.getJson<Dashboard[]>('/api/v1/dashboards');
    const { secret } = await addTestShareLink(t.store, t.owner, [dashboard!.id]);
    const link = { authorization: '', 'x-udn-share': secret };
    const kpis = async () => {
      const response = await t.app.inject({ url: `/api/v1/kpis?${PERIOD}`, headers: link });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<KpiReport>();
    };
    expect(await kpis()).toEqual({ ...whole, reps: {} });
    const refused = await t.app.inject({
      url: `/api/v1/series?metric=revenue&${PERIOD}&scope=rep:R01`,
      headers: link,
    });
    expect(refused.statusCode).toBe(403);
    await openLeaderboard(true);
    try {
      expect(await kpis()).toEqual(whole);
    } finally {
      await openLeaderboard(false);
    }
  });

  it('two reps never share a cached answer', async () => {
    const mine = await as<KpiReport>(people.rep, `/api/v1/kpis?${PERIOD}`);
    const theirs = await as<KpiReport>(people.otherRep, `/api/v1/kpis?${PERIOD}`);
    expect(Object.keys(mine.reps)).toEqual(['R01']);
    expect(Object.keys(theirs.reps)).toEqual(['R02']);
    const url = `/api/v1/drilldown?metric=deals_won&${PERIOD}`;
    expect((await as<DrilldownResponse>(people.otherRep, url)).total).toBe(whole.reps.R02!.deals_won);
    expect((await as<DrilldownResponse>(people.rep, url)).total).toBe(whole.reps.R01!.deals_won);
  });
});
