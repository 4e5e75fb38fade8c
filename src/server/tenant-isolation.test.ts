import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL } from '../../test/support/test-app.ts';
import { addTestPerson, addTestShareLink, type TestPerson } from '../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { createOrg, findDefaultOrg, type OrgRecord } from '../db/org-repo.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';
import { buildApp } from './app.ts';

const B_AMOUNT = (amount: number) => Math.round((amount * 7 + 13) * 100) / 100;

/** Every field quoted, quotes doubled: the one CSV form no value can break. */
const csvLine = (values: readonly string[]) => values.map((v) => `"${v.replaceAll('"', '""')}"`).join(',');

function readRows(dir: string, file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(dir, file), 'utf8'), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
}

/**
 * examples/small with the same reps, teams, accounts and ids, and other numbers: every amount and
 * target × 7 + 13, and every deal named "ZZB-…", so anything of B found in A's answers is B's.
 */
function lookAlikeCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-tenant-b-'));
  for (const file of fs.readdirSync(SMALL.dataDir)) {
    const from = path.join(SMALL.dataDir, file);
    if (!file.endsWith('.csv')) {
      const org = JSON.parse(fs.readFileSync(from, 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...org, name: 'ZZB-Org' }));
      continue;
    }
    const rows = readRows(SMALL.dataDir, file);
    const columns = Object.keys(rows[0]!);
    const changed = rows.map((row) => {
      const out = { ...row };
      if (file === 'deals.csv') out.name = `ZZB-${row.name}`;
      for (const column of ['amount', 'value'])
        if (out[column] !== undefined && out[column] !== '')
          out[column] = String(B_AMOUNT(Number(out[column])));
      return columns.map((c) => out[c] ?? '');
    });
    fs.writeFileSync(path.join(dir, file), [csvLine(columns), ...changed.map(csvLine)].join('\n'));
  }
  return dir;
}

/** The amounts of deals, spend and targets of a data directory, as a JSON answer writes them. */
function amountsOf(dir: string): Set<string> {
  const amounts = new Set<string>();
  for (const [file, column] of [
    ['deals.csv', 'amount'],
    ['spend.csv', 'amount'],
    ['targets.csv', 'value'],
  ] as const) {
    for (const row of readRows(dir, file)) if (row[column]) amounts.add(String(Number(row[column])));
  }
  return amounts;
}

/** Numbers of `mine` that differ from the number at the same place of `theirs`, and are distinctive. */
function distinctNumbers(mine: unknown, theirs: unknown, out: Set<string>): Set<string> {
  if (typeof mine === 'number') {
    if (mine !== theirs && Math.abs(mine) >= 1000 && String(mine).length >= 6) out.add(String(mine));
  } else if (Array.isArray(mine)) {
    for (const [i, v] of mine.entries())
      distinctNumbers(v, Array.isArray(theirs) ? theirs[i] : undefined, out);
  } else if (mine && typeof mine === 'object') {
    const other = (theirs && typeof theirs === 'object' ? theirs : {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(mine)) distinctNumbers(v, other[k], out);
  }
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where in `body` one of `markers` stands as a whole value (a number not part of a longer one). */
function foundMarkers(body: string, markers: readonly string[]): string[] {
  return markers.filter((m) =>
    /^[\d.-]+$/.test(m) ? new RegExp(`(?<![\\d.])${escapeRegExp(m)}(?![\\d])`).test(body) : body.includes(m),
  );
}

const RANGE = 'from=2025-01-01&to=2026-12-31';
const DRILL_METRICS = ['revenue', 'new_leads', 'emails_sent', 'spend', 'new_customers', 'churned_customers'];
const SCOPES = ['org', 'team:Jakarta', 'rep:R01'];

/** The query strings each GET route is called with: the widest answers, on the look-alike scopes. */
const QUERIES: Readonly<Record<string, readonly string[]>> = {
  '/api/v1/kpis': SCOPES.map((s) => `${RANGE}&scope=${encodeURIComponent(s)}`),
  '/api/v1/series': SCOPES.flatMap((s) =>
    ['revenue', 'spend', 'target_revenue'].map((m) => `${RANGE}&metric=${m}&scope=${encodeURIComponent(s)}`),
  ),
  '/api/v1/breakdowns/:dimension': [RANGE],
  '/api/v1/drilldown': SCOPES.flatMap((s) =>
    DRILL_METRICS.map((m) => `${RANGE}&metric=${m}&pageSize=500&scope=${encodeURIComponent(s)}`),
  ),
  '/api/v1/goals/leaderboard': [RANGE],
  '/api/v1/deals': ['limit=50', 'search=ZZB', 'search=Deal'],
  '/api/v1/accounts': ['limit=50', 'search=Account'],
  '/api/v1/tokens': ['all=true'],
  '/api/v1/audit': ['limit=200'],
  '/api/v1/imports': ['limit=500'],
};
const DIMENSIONS = ['lead_source', 'spend_category', 'deal_stage', 'funnel'];

interface Tenant {
  org: OrgRecord;
  owner: TestPerson;
  ids: Record<string, string>;
  markers: string[];
  share: string;
}

describe.each(DIALECTS)('tenant isolation on %s: two look-alike organisations', (dialect) => {
  let store: TestStore;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let copyDir: string;
  const a = {} as Tenant;
  const b = {} as Tenant;

  const inject = (tenant: Tenant, options: InjectOptions) =>
    app.inject({ ...options, headers: { ...tenant.owner.headers, ...options.headers } });

  beforeAll(async () => {
    store = await createTestStore(dialect);
    copyDir = lookAlikeCopy();
    expect(
      (await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' })).errors,
    ).toEqual([]);
    a.org = (await findDefaultOrg(store.db))!;
    b.org = await createOrg(store.db, { name: 'ZZB-Org' }, 'zzb');
    const importedB = await runImport(store, filesInDirectory(copyDir).files, {
      source: 'test',
      orgId: b.org.id,
    });
    expect(importedB.errors).toEqual([]);
    app = await buildApp({ store, webDist: null, keepAliveMs: 60_000 });
    await app.ready();

    for (const [tenant, mark] of [
      [a, 'ZZA-'],
      [b, 'ZZB-'],
    ] as const) {
      tenant.owner = await addTestPerson(store, tenant.org, 'owner');
      const post = async (url: string, payload: object) => {
        const response = await inject(tenant, { method: 'POST', url, payload });
        expect(response.statusCode, `${url}: ${response.body}`).toBe(201);
        return response.json<{ id: number; targets?: { id: number }[]; item?: { id: number } }>();
      };
      const dashboard = await post('/api/v1/dashboards', { name: `${mark}dashboard` });
      const goal = await post('/api/v1/goals', {
        name: `${mark}goal`,
        start_date: '2026-01-01',
        due_date: '2026-03-31',
        targets: [{ kind: 'number', name: `${mark}target`, target_value: 4, current_value: 1 }],
      });
      const folder = await post('/api/v1/goal-folders', { name: `${mark}folder` });
      const task = await post('/api/v1/tasks', { title: `${mark}task`, assignee_rep_id: 'R01' });
      const token = await post('/api/v1/tokens', {
        name: `${mark}token`,
        scope: 'read',
        expiresInDays: null,
      });
      const importId = await store.db
        .selectFrom('imports')
        .select('id')
        .where('org_id', '=', tenant.org.id)
        .executeTakeFirstOrThrow();
      const secret = await addTestShareLink(store, tenant.owner, [dashboard.id], `${mark}tv`);
      tenant.share = secret.secret;
      tenant.ids = {
        dashboards: String(dashboard.id),
        goals: String(goal.id),
        'goal-folders': String(folder.id),
        tasks: String(task.id),
        tokens: String(token.item!.id),
        imports: String(importId.id),
        goalId: String(goal.id),
        targetId: String(goal.targets![0]!.id),
      };
      tenant.markers = [mark];
    }

    // Numbers: each one's amounts the other does not have, and its own KPI figures that differ.
    const amountsA = amountsOf(SMALL.dataDir);
    const amountsB = amountsOf(copyDir);
    a.markers.push(...[...amountsA].filter((x) => !amountsB.has(x) && x.length >= 6));
    b.markers.push(...[...amountsB].filter((x) => !amountsA.has(x) && x.length >= 6));
    for (const scope of SCOPES) {
      const url = `/api/v1/kpis?${RANGE}&scope=${encodeURIComponent(scope)}`;
      const kpisA = (await inject(a, { url })).json<unknown>();
      const kpisB = (await inject(b, { url })).json<unknown>();
      a.markers.push(...distinctNumbers(kpisA, kpisB, new Set()));
      b.markers.push(...distinctNumbers(kpisB, kpisA, new Set()));
    }
    expect(b.markers.length).toBeGreaterThan(100);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await store.dispose();
    fs.rmSync(copyDir, { recursive: true, force: true });
  });

  const urlsOf = (tenant: Tenant, url: string): string[] => {
    const paths = url.includes(':dimension')
      ? DIMENSIONS.map((d) => url.replace(':dimension', d))
      : [
          url.replace(/:(\w+)/g, (_, name: string) => {
            if (name === 'file') return 'deals.csv';
            if (name === 'goalId' || name === 'targetId') return tenant.ids[name]!;
            return tenant.ids[/\/api\/v1\/([\w-]+)\//.exec(url)![1]!] ?? '0';
          }),
        ];
    return paths.flatMap((p) => (QUERIES[url] ?? ['']).map((q) => (q ? `${p}?${q}` : p)));
  };

  /** Every GET route as `me`'s owner: no answer holds a marker of `other`; `me`'s own show up. */
  async function scanAs(me: Tenant, other: Tenant, headers: Record<string, string> = me.owner.headers) {
    const leaks: string[] = [];
    let ownSeen = 0;
    let answered = 0;
    for (const route of app.udn.routes) {
      if (route.method !== 'GET' || route.url === '/api/v1/events') continue;
      for (const url of urlsOf(me, route.url)) {
        const response = await app.inject({ url, headers });
        if (response.statusCode === 200) answered++;
        const found = foundMarkers(response.body, other.markers);
        if (found.length) leaks.push(`${url} (${response.statusCode}): ${found.slice(0, 5).join(', ')}`);
        if (foundMarkers(response.body, me.markers).length) ownSeen++;
      }
    }
    return { leaks, ownSeen, answered };
  }

  it("A's owner never gets a row or number of B, through any GET route", { timeout: 120_000 }, async () => {
    const { leaks, ownSeen, answered } = await scanAs(a, b);
    expect(leaks).toEqual([]);
    expect(answered).toBeGreaterThan(40);
    // The scan sees markers at all: A's own figures and names are in its answers.
    expect(ownSeen).toBeGreaterThan(20);
  });

  it("B's owner never gets a row or number of A, through any GET route", { timeout: 120_000 }, async () => {
    const { leaks, ownSeen } = await scanAs(b, a);
    expect(leaks).toEqual([]);
    expect(ownSeen).toBeGreaterThan(20);
  });

  it("the event stream of A hears nothing of B's changes", async () => {
    const open = async (tenant: Tenant) => {
      const response = await app.inject({
        url: '/api/v1/events',
        headers: tenant.owner.headers,
        payloadAsStream: true,
      });
      expect(response.statusCode).toBe(200);
      const stream = response.stream();
      let text = '';
      stream.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      return { read: () => text, close: () => stream.destroy() };
    };
    const streamA = await open(a);
    const streamB = await open(b);
    const { version } = (await inject(b, { url: `/api/v1/dashboards/${b.ids.dashboards}` })).json<{
      version: number;
    }>();
    const patched = await inject(b, {
      method: 'PATCH',
      url: `/api/v1/dashboards/${b.ids.dashboards}`,
      payload: { name: 'ZZB-dashboard renamed', version },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const goal = await inject(b, {
      method: 'POST',
      url: '/api/v1/goals',
      payload: { name: 'ZZB-goal 2', start_date: '2026-01-01', due_date: '2026-03-31' },
    });
    expect(goal.statusCode).toBe(201);
    const deadline = Date.now() + 5000;
    while (!streamB.read().includes('goals-changed') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    streamA.close();
    streamB.close();
    expect(streamB.read()).toContain(`"dashboardId":${b.ids.dashboards}`);
    expect(streamB.read()).toContain('goals-changed');
    expect(streamA.read()).not.toContain('dashboard-changed');
    expect(streamA.read()).not.toContain('goals-changed');
    expect(foundMarkers(streamA.read(), b.markers)).toEqual([]);
  });

  it("A's share link shows nothing of B (once share links resolve)", async () => {
    const headers = { 'x-udn-share': a.share };
    const probe = await app.inject({ url: '/api/v1/org', headers });
    if (probe.statusCode === 401) return; // no share-link resolver on this server yet (helper `share`)
    expect(probe.statusCode).toBe(200);
    const { leaks } = await scanAs(a, b, headers);
    expect(leaks).toEqual([]);
  });
});
