import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestPerson, firstOrg, type TestPerson } from '../../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { memberPrincipal, type Principal } from '../../core/access/principal.ts';
import type { AlertRuleInput, FiredAlert } from '../../core/contracts/alerts.ts';
import { alertRuleInputSchema } from '../../core/contracts/alerts.ts';
import type { ImportJob } from '../../core/contracts/imports.ts';
import type { NotificationInput } from '../../core/contracts/notifications.ts';
import type { OutboundEvent } from '../../core/contracts/webhooks.ts';
import { resolvePeriod } from '../../core/periods.ts';
import { findMember } from '../../db/members-repo.ts';
import { findDefaultOrg, type OrgRecord } from '../../db/org-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';
import { createGoal, listGoals } from '../goals/goals-service.ts';
import { listTasks } from '../goals/tasks-service.ts';
import { kpiReport } from '../kpis/kpi-report.ts';
import { AlertEngine } from './alert-engine.ts';
import { createAlertRule, listAlertEvents, listAlertRules } from './alert-rules-service.ts';

/**
 * Alert semantics by hand (docs/alerts.md), on both stores. The organisation is in Asia/Jakarta with
 * Rupiah; "now" is 2026-12-10 10:00 there, so the watched month is 2026-12-01..2026-12-10 and its
 * previous period 2026-11-01..2026-11-10.
 */

const NOW = Date.parse('2026-12-10T03:00:00Z');

const ORG_JSON = JSON.stringify({ name: 'Acme', timezone: 'Asia/Jakarta', currency: 'IDR' });
const REPS = `id,name,email,team,started_on
r1,Budi Santoso,budi@acme.test,Jakarta,2026-01-01
r2,Sari Dewi,sari@acme.test,Jakarta,2026-01-01
r3,Tono Wijaya,tono@acme.test,Surabaya,2026-01-01
`;
const DEALS_HEADER = 'id,created_at,status,owner_rep_id,closed_at,amount\n';
const D0 = 'd0,2026-11-02,won,r3,2026-11-05,100000000\n';
const D1 = 'd1,2026-12-03,won,r1,2026-12-03,20000000\n';

async function importFiles(store: TestStore, files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-alerts-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return await runImport(store, filesInDirectory(dir).files, { source: 'test' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Intl writes a no-break space after the currency code ("IDR\u00a020,000,000"). */
const idr = (text: string) => text.replace(/IDR /g, 'IDR\u00a0');

const rule = (input: Record<string, unknown>): AlertRuleInput => alertRuleInputSchema.parse(input);

describe.each(DIALECTS)('alert engine on %s', (dialect) => {
  let store: TestStore;
  let org: OrgRecord;
  let engine: AlertEngine;
  const told: NotificationInput[] = [];
  const emitted: OutboundEvent[] = [];
  const errors: string[] = [];
  const people: Record<string, TestPerson> = {};
  const ruleIds: Record<string, number> = {};
  let targetId = 0;

  const month = async () => {
    const period = resolvePeriod({ period: '2026-12', asof: '2026-12-10' }, 1);
    if (!period.ok) throw new Error(period.reason);
    return kpiReport(store, (await findDefaultOrg(store.db))!, period);
  };
  const byRule = (fired: FiredAlert[], name: string) => fired.filter((f) => f.ruleId === ruleIds[name]);

  beforeAll(async () => {
    store = await createTestStore(dialect);
    const result = await importFiles(store, {
      'org.json': ORG_JSON,
      'reps.csv': REPS,
      'deals.csv': DEALS_HEADER + D0 + D1,
    });
    expect(result.errors).toEqual([]);
    org = await firstOrg(store);
    people.admin = await addTestPerson(store, org, 'admin');
    people.jakarta = await addTestPerson(store, org, 'manager', { teams: ['Jakarta'] });
    people.surabaya = await addTestPerson(store, org, 'manager', { teams: ['Surabaya'] });
    people.budi = await addTestPerson(store, org, 'rep', { repId: 'r1' });
    people.tono = await addTestPerson(store, org, 'rep', { repId: 'r3' });
    const goal = await createGoal(
      store,
      org,
      {
        name: 'Budi December',
        owner_rep_id: 'r1',
        start_date: '2026-12-01',
        due_date: '2026-12-31',
        targets: [{ kind: 'kpi', metric: 'revenue', scope: 'rep:r1', target_value: 100_000_000 }],
      },
      { now: NOW },
    );
    targetId = goal.value.targets[0]!.id;
    const make = async (name: string, input: Record<string, unknown>) => {
      ruleIds[name] = (await createAlertRule(store, org, rule({ name, ...input }), { now: NOW })).id;
    };
    await make('jakarta-low', {
      condition: {
        kind: 'threshold',
        metric: 'revenue',
        period: 'month',
        operator: 'below',
        value: 50_000_000,
      },
      scope: 'team:Jakarta',
    });
    await make('org-fall', {
      condition: {
        kind: 'change',
        metric: 'revenue',
        period: 'month',
        against: 'previous',
        direction: 'down',
        percent: 10,
      },
    });
    await make('budi-pace', {
      condition: { kind: 'target-status', targetId: null, statuses: ['at_risk', 'off_track'] },
      scope: 'rep:r1',
      createTask: true,
    });
    await make('jakarta-idle', {
      condition: { kind: 'inactivity', days: 7, activity: 'deal-created' },
      scope: 'team:Jakarta',
    });
    engine = new AlertEngine({
      store,
      notify: async (input) => {
        told.push(input);
      },
      emit: async (event) => {
        emitted.push(event);
      },
      onError: (error, message) => errors.push(`${message}: ${String(error)}`),
      now: () => NOW,
    });
  }, 60_000);
  afterAll(async () => {
    await engine.stop();
    await store.dispose();
  });

  it('fires every crossed rule once, each figure the KPI report’s', async () => {
    const fired = await engine.evaluateOrg(org.id);
    const report = await month();
    expect(report.teams.Jakarta!.revenue).toBe(20_000_000);
    expect(report.org.revenue).toBe(20_000_000);

    const [low] = byRule(fired, 'jakarta-low');
    expect(low!.subject).toBe('team:Jakarta');
    expect(low!.value).toBe(report.teams.Jakarta!.revenue);
    expect(low!.message).toBe(
      idr(
        'Revenue of team Jakarta is IDR 20,000,000 in 2026-12 to date (2026-12-01 to 2026-12-10), below the threshold of IDR 50,000,000 by IDR 30,000,000.',
      ),
    );
    expect(low!.link).toBe('/?period=2026-12&scope=team:Jakarta&drill=revenue');
    // A team's alert goes to its manager (not the other team's, not the admins, not its reps).
    expect(low!.recipients).toEqual([people.jakarta!.user.id]);

    // November 1–10 had IDR 100M (d0, closed 5 Nov): 20M is 80% down.
    const [fall] = byRule(fired, 'org-fall');
    expect(fall!.title).toBe('Revenue of Acme down 80.0% against the previous period');
    expect(fall!.message).toContain(
      idr('from IDR 100,000,000 in the previous period (2026-11-01 to 2026-11-10)'),
    );
    expect(fall!.recipients).toEqual([people.admin!.user.id]);

    const idle = byRule(fired, 'jakarta-idle');
    // Budi's last deal was created 3 Dec: 7 days; Sari has none since she started (1 Jan).
    expect(idle.map((f) => [f.subject, f.value])).toEqual([
      ['rep:r1', 7],
      ['rep:r2', 344],
    ]);
    expect(idle[0]!.recipients.sort()).toEqual([people.jakarta!.user.id, people.budi!.user.id].sort());
    expect(idle[1]!.recipients).toEqual([people.jakarta!.user.id]);
    expect(fired).toHaveLength(5);
    expect(told).toHaveLength(5);
    expect(emitted.map((e) => e.event)).toEqual(Array(5).fill('alert.fired'));
    expect(errors).toEqual([]);
  });

  it('agrees with the goal’s status and creates the task with the pace in its title', async () => {
    const events = await listAlertEvents(store, org, { ruleId: ruleIds['budi-pace']! });
    expect(events).toHaveLength(1);
    const { goals } = await listGoals(store, org, {}, { now: NOW });
    const target = goals.flatMap((g) => g.targets).find((t) => t.id === targetId)!;
    // 20M of 100M after 10 of 31 days: expected 32.3%, progress 20% < 80% of it → off track.
    expect(target.status).toBe('off_track');
    expect(target.progress).toBe(0.2);
    expect(events[0]!.value).toBe(target.progress);
    // 1 − 0.2 / (10/31) = 38% behind; (100M − 20M) / 21 days left = IDR 3.8M a day.
    expect(events[0]!.title).toBe(idr('Budi Santoso revenue is 38% behind pace: needs IDR 3.8M/day'));
    expect(events[0]!.link).toBe(`/goals?target=${targetId}`);
    const { tasks } = await listTasks(store, org, {}, { now: NOW });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      id: events[0]!.taskId,
      title: idr('Budi Santoso revenue is 38% behind pace: needs IDR 3.8M/day'),
      assignee_rep_id: 'r1',
      due_date: '2026-12-10',
      target_id: targetId,
      status: 'open',
    });
  });

  it('stays quiet while still crossed', async () => {
    expect(await engine.evaluateOrg(org.id)).toEqual([]);
    const rules = await listAlertRules(store, org);
    expect(rules.find((r) => r.id === ruleIds['jakarta-low'])!.crossed).toEqual(['team:Jakarta']);
  });

  it('recovers when the data moves back, and fires again only after that', async () => {
    // Sari wins IDR 40M on 9 Dec: Jakarta has 60M (recovered) and Sari is active again.
    let result = await importFiles(store, {
      'deals.csv': `${DEALS_HEADER}d2,2026-12-09,won,r2,2026-12-09,40000000\n`,
    });
    expect(result.errors).toEqual([]);
    expect((await month()).teams.Jakarta!.revenue).toBe(60_000_000);
    expect(await engine.evaluateOrg(org.id)).toEqual([]);
    const rules = await listAlertRules(store, org);
    expect(rules.find((r) => r.id === ruleIds['jakarta-low'])!.crossed).toEqual([]);
    expect(rules.find((r) => r.id === ruleIds['jakarta-idle'])!.crossed).toEqual(['rep:r1']);

    // The deal turns out lost: Jakarta falls to 20M again and the rule fires a second time.
    result = await importFiles(store, { 'deals.csv': `${DEALS_HEADER}d2,2026-12-09,lost,r2,2026-12-09,\n` });
    expect(result.errors).toEqual([]);
    const dry = await engine.evaluateOrg(org.id, { dryRun: true });
    expect(dry.map((f) => [f.ruleId, f.eventId, f.taskId])).toEqual([[ruleIds['jakarta-low'], null, null]]);
    const fired = await engine.evaluateOrg(org.id);
    expect(fired.map((f) => f.ruleId)).toEqual([ruleIds['jakarta-low']]);
    expect(fired[0]!.value).toBe((await month()).teams.Jakarta!.revenue);
    expect(await engine.evaluateOrg(org.id)).toEqual([]);
    const events = await listAlertEvents(store, org, { ruleId: ruleIds['jakarta-low']! });
    expect(events).toHaveLength(2);
  });

  it('tells a manager only of their own teams’ events', async () => {
    const surabaya = await listAlertEvents(store, org, { as: await principalOf(store, people.surabaya!) });
    expect(surabaya).toEqual([]);
    const jakarta = await listAlertEvents(store, org, { as: await principalOf(store, people.jakarta!) });
    expect(new Set(jakarta.map((e) => e.subject))).toEqual(
      new Set(['team:Jakarta', 'rep:r1', 'rep:r2', `target:${targetId}`]),
    );
    const budi = await listAlertEvents(store, org, { as: await principalOf(store, people.budi!) });
    expect(new Set(budi.map((e) => e.subject))).toEqual(new Set(['rep:r1', `target:${targetId}`]));
  });

  it('fires an import alert for a failed import, to admins only', async () => {
    const importRule = await createAlertRule(
      store,
      org,
      rule({ name: 'imports', condition: { kind: 'import', removedAtLeast: 5 } }),
      { now: NOW },
    );
    const result = await importFiles(store, {
      'deals.csv': `${DEALS_HEADER}d9,2026-12-09,won,nobody,2026-12-09,5\n`,
    });
    expect(result.ok).toBe(false);
    const job: ImportJob = {
      id: result.importId,
      source: 'upload',
      status: 'failed',
      startedAt: NOW,
      finishedAt: NOW,
      progress: null,
      result,
    };
    const fired = await engine.afterImport(org.id, job, { status: 'failed', result });
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      ruleId: importRule.id,
      subject: `import:${result.importId}`,
      title: `Import #${result.importId} failed`,
      link: '/data',
      recipients: [people.admin!.user.id],
    });
    expect(fired[0]!.message).toContain(result.errors[0]!.message);
    // The same import's end heard again fires nothing more.
    expect(await engine.afterImport(org.id, job, { status: 'failed', result })).toEqual([]);
  });
});

/** The person as the API sees them: their membership's role, rep and teams. */
async function principalOf(store: TestStore, person: TestPerson): Promise<Principal> {
  const member = (await findMember(store.db, person.org.id, person.user.id))!;
  return memberPrincipal('session', person.user, member);
}
