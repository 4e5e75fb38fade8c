import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL } from '../../test/support/test-app.ts';
import {
  addTestPerson,
  addTestShareLink,
  TEST_PASSWORD,
  type TestPerson,
} from '../../test/support/test-people.ts';
import { createTestStore, type TestStore } from '../../test/support/test-stores.ts';
import type { Role, TokenScope } from '../core/access/roles.ts';
import type { RouteAccess } from '../core/access/route-access.ts';
import { mappingSchema } from '../core/contracts/mapping.ts';
import { insertAlertRuleRow } from '../db/alert-rules-repo.ts';
import { insertAnnotation } from '../db/annotations-repo.ts';
import { insertDigest } from '../db/digests-repo.ts';
import { saveMapping } from '../db/import-mappings-repo.ts';
import { insertSource } from '../db/import-sources-repo.ts';
import { createOrg, findDefaultOrg, type OrgRecord } from '../db/org-repo.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';
import { createApiToken } from '../services/access/api-tokens.ts';
import { createWebhook } from '../services/webhooks/webhooks-service.ts';
import { buildApp } from './app.ts';

/**
 * The access every route must declare: the policy of the API, written down here a second time so a
 * route that changes its access, or a new route, fails this test until its policy is agreed. HEAD
 * routes follow their GET. Routes of the issue-11 contract not built yet are listed already; only
 * the routes the server declares are called.
 */
const POLICY: Readonly<Record<string, RouteAccess>> = {
  'GET /api/v1/org': 'share-read',
  'GET /api/v1/org/data': 'admin',
  'POST /api/v1/org/reset': 'admin',
  'PATCH /api/v1/org/settings': 'admin',
  'GET /api/v1/definitions': 'share-read',
  'GET /api/v1/reps': 'read',
  'GET /api/v1/teams': 'share-read',
  'GET /api/v1/kpis': 'share-read',
  'GET /api/v1/series': 'share-read',
  'GET /api/v1/breakdowns/:dimension': 'share-read',
  'GET /api/v1/drilldown': 'read',
  'GET /api/v1/dashboards': 'read',
  'POST /api/v1/dashboards': 'write',
  'GET /api/v1/dashboards/:id': 'share-read',
  'PATCH /api/v1/dashboards/:id': 'write',
  'DELETE /api/v1/dashboards/:id': 'write',
  'PUT /api/v1/dashboards/:id/shares': 'write',
  'GET /api/v1/dashboards/:id/export.pdf': 'read',
  'GET /api/v1/dashboards/:id/widgets/:widgetId/export.png': 'read',
  'POST /api/v1/imports': 'admin',
  'GET /api/v1/imports': 'admin',
  'GET /api/v1/imports/:id': 'admin',
  'DELETE /api/v1/imports/:id': 'admin',
  'POST /api/v1/records/:table': 'admin',
  'GET /api/v1/imports/formats': 'read',
  'GET /api/v1/imports/templates/:file': 'read',
  'GET /api/v1/imports/format': 'read',
  'POST /api/v1/imports/preview': 'admin',
  'GET /api/v1/mappings': 'read',
  'GET /api/v1/mappings/:name': 'read',
  'PUT /api/v1/mappings/:name': 'admin',
  'DELETE /api/v1/mappings/:name': 'admin',
  'GET /api/v1/events': 'share-read',
  'GET /api/v1/goal-folders': 'read',
  'POST /api/v1/goal-folders': 'write',
  'PATCH /api/v1/goal-folders/:id': 'write',
  'DELETE /api/v1/goal-folders/:id': 'write',
  'GET /api/v1/goals': 'read',
  'GET /api/v1/goals/progress': 'read',
  'GET /api/v1/goals/map': 'read',
  'GET /api/v1/goals/leaderboard': 'read',
  'GET /api/v1/goals/:id': 'read',
  'POST /api/v1/goals': 'write',
  'PATCH /api/v1/goals/:id': 'write',
  'DELETE /api/v1/goals/:id': 'write',
  'POST /api/v1/goals/:id/targets': 'write',
  'PATCH /api/v1/goals/:goalId/targets/:targetId': 'write',
  'DELETE /api/v1/goals/:goalId/targets/:targetId': 'write',
  'POST /api/v1/goals/:goalId/targets/:targetId/updates': 'write',
  'GET /api/v1/goals/:goalId/targets/:targetId/updates': 'read',
  'GET /api/v1/quotas/history': 'read',
  'GET /api/v1/tasks': 'read',
  'GET /api/v1/annotations': 'read',
  'POST /api/v1/annotations': 'write',
  'PATCH /api/v1/annotations/:id': 'write',
  'DELETE /api/v1/annotations/:id': 'write',
  // Alert rules (issue 14): members read what concerns them, writers make rules in their reach, admins check now.
  'GET /api/v1/alerts': 'read',
  'POST /api/v1/alerts': 'write',
  'GET /api/v1/alerts/events': 'read',
  'POST /api/v1/alerts/check': 'admin',
  'GET /api/v1/alerts/:id': 'read',
  'PATCH /api/v1/alerts/:id': 'write',
  'DELETE /api/v1/alerts/:id': 'write',
  // Digests (issue 14): members see those they made or receive; writers schedule within their reach.
  'GET /api/v1/digests': 'read',
  'POST /api/v1/digests': 'write',
  'GET /api/v1/digests/:id': 'read',
  'PATCH /api/v1/digests/:id': 'write',
  'DELETE /api/v1/digests/:id': 'write',
  'POST /api/v1/digests/:id/send': 'write',
  'GET /api/v1/digests/:id/preview': 'read',
  // Table exports (issue 14): read, the policy filters the rows; the import history is the admins'.
  'GET /api/v1/exports/kpis': 'read',
  'GET /api/v1/exports/team': 'read',
  'GET /api/v1/exports/drilldown': 'read',
  'GET /api/v1/exports/goals': 'read',
  'GET /api/v1/exports/tasks': 'read',
  'GET /api/v1/exports/imports': 'admin',
  // Notifications (issue 14): each member's own; the SMTP server is the admins'.
  'GET /api/v1/notifications': 'read',
  'POST /api/v1/notifications/read': 'read',
  'GET /api/v1/me/notification-settings': 'read',
  'PUT /api/v1/me/notification-settings': 'read',
  'GET /api/v1/notifications/deliveries': 'read',
  'POST /api/v1/notifications/test': 'read',
  'GET /api/v1/notifications/smtp': 'admin',
  'PUT /api/v1/notifications/smtp': 'admin',
  'GET /api/v1/tasks/stats': 'read',
  'GET /api/v1/tasks/:id': 'read',
  'POST /api/v1/tasks': 'write',
  'PATCH /api/v1/tasks/:id': 'write',
  'DELETE /api/v1/tasks/:id': 'write',
  'GET /api/v1/accounts': 'read',
  'GET /api/v1/deals': 'read',
  'GET /api/v1/tokens': 'account',
  'POST /api/v1/tokens': 'account',
  'DELETE /api/v1/tokens/:id': 'account',
  'GET /api/v1/audit': 'admin',
  // auth
  'GET /api/v1/setup': 'public',
  'POST /api/v1/setup': 'public',
  'GET /api/v1/csrf': 'public',
  'GET /api/v1/me': 'account',
  'POST /api/v1/me/org': 'account',
  'POST /api/v1/view-as': 'admin',
  // Stopping "view as" is a write made while viewing as, which the guard refuses on any other access.
  'DELETE /api/v1/view-as': 'public',
  'GET /api/v1/auth-options': 'public',
  // better-auth's own endpoints (sign-in, sign-out, two-factor, OIDC callbacks …): they check themselves.
  'GET /api/auth/*': 'public',
  'POST /api/auth/*': 'public',
  // members
  'GET /api/v1/members': 'admin',
  'PATCH /api/v1/members/:userId': 'admin',
  'DELETE /api/v1/members/:userId': 'admin',
  'POST /api/v1/members/:userId/reset-link': 'admin',
  'GET /api/v1/invitations': 'admin',
  'POST /api/v1/invitations': 'admin',
  'DELETE /api/v1/invitations/:id': 'admin',
  'GET /api/v1/invitations/lookup': 'public',
  'POST /api/v1/invitations/accept': 'public',
  // share links
  'GET /api/v1/share-links': 'write',
  'POST /api/v1/share-links': 'write',
  'DELETE /api/v1/share-links/:id': 'write',
  'GET /api/v1/share': 'share-read',
  // scheduled sources
  'GET /api/v1/sources': 'admin',
  'POST /api/v1/sources': 'admin',
  'GET /api/v1/sources/:id': 'admin',
  'PATCH /api/v1/sources/:id': 'admin',
  'DELETE /api/v1/sources/:id': 'admin',
  'POST /api/v1/sources/:id/run': 'admin',
  'GET /api/v1/sources/:id/runs': 'admin',
  // outbound webhooks
  'GET /api/v1/webhooks': 'admin',
  'POST /api/v1/webhooks': 'admin',
  'GET /api/v1/webhooks/:id': 'admin',
  'PATCH /api/v1/webhooks/:id': 'admin',
  'DELETE /api/v1/webhooks/:id': 'admin',
  'GET /api/v1/webhooks/:id/deliveries': 'admin',
  'POST /api/v1/webhooks/:id/test': 'admin',
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/retry': 'admin',
  'POST /api/v1/webhooks/:id/rotate-secret': 'admin',
};

type Outcome = 'passes' | 401 | 403;

interface Caller {
  name: string;
  /** null: anonymous, or a share link. */
  role: Role | null;
  scope: TokenScope | null;
  share?: boolean;
  /** An admin looking at the app as this member ("view as"): read-only. */
  viewAs?: boolean;
  headers: Record<string, string>;
}

const SAFE = new Set(['GET', 'HEAD']);

/** The matrix as the issue states it, independently of the guard's code (core/access/route-access.ts). */
function expected(access: RouteAccess, caller: Caller, method: string): Outcome {
  const safe = SAFE.has(method);
  if (access === 'public') return 'passes';
  if (caller.share) return access === 'share-read' && safe ? 'passes' : 403;
  if (caller.role === null) return 401;
  if (caller.viewAs)
    return safe && (access === 'account' || access === 'read' || access === 'share-read') ? 'passes' : 403;
  if (caller.scope === 'read' && !safe) return 403;
  if (access === 'write' && (caller.role === 'viewer' || caller.scope === 'read')) return 403;
  // A session has no scope: its role alone decides.
  const adminScope = caller.scope === null || caller.scope === 'admin';
  if (access === 'admin' && (!['owner', 'admin'].includes(caller.role) || !adminScope)) return 403;
  return 'passes';
}

/** What the route guard says when it refuses (a 403 of a record's own policy says something else). */
const GUARD_REFUSAL =
  /^(a share link only shows its dashboards|"view as" is read-only|this token's scope is|an? (owner|admin|manager|rep|viewer) may not do this|sign in first)/;

/** Parameters that name a record of the organisation: another organisation's member must not reach it. */
const RECORD_PARAMS = new Set(['id', 'goalId', 'targetId', 'userId']);

describe('permission matrix: every declared route × every kind of caller (SQLite)', () => {
  let store: TestStore;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let orgA: OrgRecord;
  let owner: TestPerson;
  const callers: Caller[] = [];
  let stranger: Caller;
  const ids: Record<string, string> = {};
  let shareWorks = false;

  beforeAll(async () => {
    store = await createTestStore('sqlite');
    const imported = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(imported.errors).toEqual([]);
    orgA = (await findDefaultOrg(store.db))!;
    app = await buildApp({ store, webDist: null, keepAliveMs: 60_000 });
    await app.ready();
    owner = await addTestPerson(store, orgA, 'owner');
    const cookiesOf = (header: string | string[] | undefined) =>
      [header ?? []].flat().map((cookie) => cookie.split(';')[0]!);
    /**
     * A signed-in session of `email` through better-auth, with the CSRF token its writes carry; null
     * while the server has no sign-in (before helper `auth`'s work): roles are then tokens of the
     * widest scope each may hold.
     */
    const sessionOf = async (email: string): Promise<Record<string, string> | null> => {
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email, password: TEST_PASSWORD }),
      });
      if (signIn.statusCode === 404) return null;
      expect(signIn.statusCode, signIn.body).toBe(200);
      const session = cookiesOf(signIn.headers['set-cookie']);
      const csrf = await app.inject({ url: '/api/v1/csrf', headers: { cookie: session.join('; ') } });
      expect(csrf.statusCode, csrf.body).toBe(200);
      return {
        cookie: [...session, ...cookiesOf(csrf.headers['set-cookie'])].join('; '),
        'x-csrf-token': csrf.json<{ token: string }>().token,
      };
    };
    const people = new Map<Role, TestPerson>();
    const person = async (role: Role, options: Parameters<typeof addTestPerson>[3] = {}): Promise<Caller> => {
      const p = role === 'owner' ? owner : await addTestPerson(store, orgA, role, options);
      people.set(role, p);
      const session = await sessionOf(p.user.email);
      if (session) return { name: `${role} (session)`, role, scope: null, headers: session };
      return {
        name: `${role} (its token)`,
        role,
        scope: role === 'owner' || role === 'admin' ? 'admin' : role === 'viewer' ? 'read' : 'write',
        headers: p.headers,
      };
    };
    const tokenOf = async (scope: TokenScope): Promise<Caller> => {
      const { token } = await createApiToken(store, {
        orgId: orgA.id,
        userId: owner.user.id,
        name: scope,
        scope,
        expiresAt: null,
      });
      return {
        name: `owner's ${scope} token`,
        role: 'owner',
        scope,
        headers: { authorization: `Bearer ${token}` },
      };
    };
    const orgB = await createOrg(store.db, { name: 'Other Org' }, 'other');
    const otherOwner = await addTestPerson(store, orgB, 'owner');
    stranger = {
      name: "another organisation's owner",
      role: 'owner',
      scope: 'admin',
      headers: otherOwner.headers,
    };
    callers.push(
      { name: 'anonymous', role: null, scope: null, headers: {} },
      await person('owner'),
      await person('admin', { scope: 'admin' }),
      await person('manager', { teams: ['Jakarta'], scope: 'write' }),
      await person('rep', { repId: 'R01', scope: 'write' }),
      await person('viewer', { scope: 'read' }),
      await tokenOf('read'),
      await tokenOf('write'),
      await tokenOf('admin'),
      stranger,
    );
    // "View as" the rep, in an admin session of its own (once the server has sessions).
    const viewer = await sessionOf(people.get('admin')!.user.email);
    if (viewer) {
      const started = await app.inject({
        method: 'POST',
        url: '/api/v1/view-as',
        headers: { ...viewer, 'content-type': 'application/json' },
        payload: JSON.stringify({ userId: people.get('rep')!.user.id }),
      });
      expect(started.statusCode, started.body).toBe(200);
      const cookie = [viewer.cookie, ...cookiesOf(started.headers['set-cookie'])].join('; ');
      callers.push({
        name: 'admin viewing as the rep',
        role: 'rep',
        scope: null,
        viewAs: true,
        headers: { ...viewer, cookie },
      });
    }

    // Records every route with an id is called on, made as the owner.
    const post = async (url: string, payload: object) => {
      const response = await app.inject({ method: 'POST', url, headers: owner.headers, payload });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(201);
      return response.json<{ id: number; targets?: { id: number }[] }>();
    };
    const dashboard = await post('/api/v1/dashboards', { name: 'Matrix' });
    const goal = await post('/api/v1/goals', {
      name: 'Matrix goal',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [{ kind: 'number', name: 'Partners', target_value: 4, current_value: 1 }],
    });
    const folder = await post('/api/v1/goal-folders', { name: 'Matrix folder' });
    const task = await post('/api/v1/tasks', { title: 'Matrix task', assignee_rep_id: 'R01' });
    const { row: spareToken } = await createApiToken(store, {
      orgId: orgA.id,
      userId: owner.user.id,
      name: 'to be revoked',
      scope: 'read',
      expiresAt: null,
    });
    const importId = (
      await store.db.selectFrom('imports').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    // Two share links: one the share column calls with, one the DELETE route revokes.
    const insertLink = (name: string) => addTestShareLink(store, owner, [dashboard.id], name);
    const tv = await insertLink('Office TV');
    const spareLink = await insertLink('to be revoked');
    // The member the members routes change and remove: not one of the callers.
    const spareMember = await addTestPerson(store, orgA, 'viewer');
    await saveMapping(
      store.db,
      orgA.id,
      'matrix',
      mappingSchema.parse({
        udnMapping: 1,
        table: 'reps',
        fields: { id: { column: 'Id' }, name: { column: 'Name' } },
      }),
      null,
    );
    // A source the sources routes read, run and remove; its URL answers nothing (port 9, discard).
    const source = await insertSource(store.db, {
      org_id: orgA.id,
      name: 'matrix',
      kind: 'url',
      location: 'http://127.0.0.1:9/deals.csv',
      schedule: '0 6 * * *',
      snapshot: '',
      failures: 0,
      enabled: 0,
      created_at: Date.now(),
      updated_at: Date.now(),
    });
    // A webhook the webhooks routes read, test and remove; its URL answers nothing (port 9, discard).
    const { row: webhook } = await createWebhook(
      store,
      orgA.id,
      {
        name: 'matrix',
        url: 'http://127.0.0.1:9/hook',
        events: ['deal.won'],
        allowPrivate: true,
        enabled: true,
      },
      null,
      Date.now(),
    );
    // An organisation-wide annotation the annotations routes change and delete.
    const annotation = await insertAnnotation(
      store.db,
      orgA.id,
      { team: null, from_day: '2026-03-01', to_day: '2026-03-01', note: 'matrix' },
      null,
      Date.now(),
    );
    // An organisation-wide alert rule the alerts routes read, change and delete.
    const alertRule = await insertAlertRuleRow(
      store.db,
      orgA.id,
      {
        name: 'matrix',
        kind: 'import',
        condition: JSON.stringify({ kind: 'import', removedAtLeast: 0 }),
        scope_kind: 'org',
        scope_id: null,
        create_task: 0,
        recipients: JSON.stringify({ users: [], teams: [] }),
        enabled: 1,
      },
      null,
      Date.now(),
    );
    // A "My week" digest to a plain address the digests routes read, send, preview, change and delete.
    const digest = await insertDigest(
      store.db,
      orgA.id,
      {
        name: 'matrix',
        dashboardId: null,
        frequency: 'daily',
        day: null,
        localTime: '08:00',
        recipients: { users: [], teams: [], emails: ['matrix@outside.test'] },
        attachPdf: false,
        enabled: true,
      },
      null,
      Date.now(),
    );
    Object.assign(ids, {
      digests: String(digest.id),
      alerts: String(alertRule.id),
      annotations: String(annotation.id),
      sources: String(source.id),
      webhooks: String(webhook.id),
      mappings: 'matrix',
      dashboards: String(dashboard.id),
      goals: String(goal.id),
      'goal-folders': String(folder.id),
      tasks: String(task.id),
      tokens: String(spareToken.id),
      imports: String(importId),
      'share-links': String(spareLink.id),
      members: spareMember.user.id,
      invitations: '1',
      goalId: String(goal.id),
      targetId: String(goal.targets![0]!.id),
    });
    // The share column is asked only once a share link resolver is installed (helper `share`).
    const shareHeaders = { 'x-udn-share': tv.secret };
    shareWorks = (await app.inject({ url: '/api/v1/org', headers: shareHeaders })).statusCode === 200;
    if (shareWorks)
      callers.push({ name: 'share link', role: null, scope: null, share: true, headers: shareHeaders });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  /** The route's url with its parameters filled with the records made above. */
  const pathOf = (url: string): string =>
    url.replace(/:(\w+)/g, (_, name: string) => {
      if (name === 'dimension') return 'team';
      if (name === 'file') return 'deals.csv';
      if (name === 'table') return 'deals';
      if (name === 'goalId' || name === 'targetId') return ids[name]!;
      const collection = /\/api\/v1\/([\w-]+)\//.exec(url)![1]!;
      const id = ids[collection];
      if (id === undefined) throw new Error(`no record to call ${url} with: add one to the matrix setup`);
      return id;
    });

  /** Query strings that make the data routes answer with data (a guard test still, not a data test). */
  const queryOf = (url: string): string =>
    /\/(kpis|series|breakdowns|drilldown|goals\/leaderboard)/.test(url)
      ? '?period=2026-Q1&kpi=revenue_won&metric=revenue_won'
      : '';

  const call = async (caller: Caller, method: string, url: string) => {
    const options: InjectOptions = {
      method: method as InjectOptions['method'],
      url: `${pathOf(url)}${queryOf(url)}`,
      headers: caller.headers,
      // Writes get an empty object: a 400 means the guard let the request through.
      ...(method === 'POST' || method === 'PATCH' || method === 'PUT' ? { payload: {} } : {}),
      ...(url === '/api/v1/events' ? { payloadAsStream: true } : {}),
    };
    const response = await app.inject(options);
    if (url === '/api/v1/events') {
      response.stream().destroy();
      return { status: response.statusCode, message: '' };
    }
    const body = response.body;
    let message = '';
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? '';
    } catch {
      message = '';
    }
    return { status: response.statusCode, message };
  };

  it('has a policy for every declared route, the one it declares', () => {
    const missing = app.udn.routes
      .filter((r) => r.method !== 'HEAD')
      .filter((r) => POLICY[`${r.method} ${r.url}`] === undefined)
      .map((r) => `${r.method} ${r.url} (${r.access})`);
    expect(missing, 'routes without an entry in the permission matrix').toEqual([]);
    const differ = app.udn.routes
      .map((r) => [r, POLICY[`${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`]] as const)
      .filter(([r, policy]) => policy !== r.access)
      .map(([r, policy]) => `${r.method} ${r.url} declares ${r.access}, the matrix says ${policy}`);
    expect(differ).toEqual([]);
  });

  it('lets through and refuses what the policy says, for every caller', { timeout: 60_000 }, async () => {
    // Deleting comes last (then resetting the organisation, then stopping "view as"), so the other
    // routes are called on records that still exist; a 404 after a delete still passed the guard.
    const rank = (r: { method: string; url: string }) =>
      r.url === '/api/v1/view-as' && r.method === 'DELETE'
        ? 3
        : r.url === '/api/v1/org/reset'
          ? 2
          : r.method === 'DELETE'
            ? 1
            : 0;
    const routes = [...app.udn.routes].sort((a, b) => rank(a) - rank(b));
    const wrong: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const access = POLICY[`${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`]!;
      for (const caller of callers) {
        if (caller === stranger) continue;
        const want = expected(access, caller, route.method);
        const { status, message } = await call(caller, route.method, route.url);
        calls++;
        const ok =
          status < 500 &&
          (want === 'passes'
            ? access === 'public' || (status !== 401 && !(status === 403 && GUARD_REFUSAL.test(message)))
            : status === want);
        if (!ok)
          wrong.push(
            `${route.method} ${route.url} as ${caller.name}: ${status} ${message} (expected ${want})`,
          );
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBeGreaterThan(500);
  });

  it("never lets another organisation's member reach this organisation's records", async () => {
    const reached: string[] = [];
    for (const route of app.udn.routes) {
      const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      if (!params.some((p) => RECORD_PARAMS.has(p))) continue;
      const { status, message } = await call(stranger, route.method, route.url);
      if (status < 400 || status >= 500)
        reached.push(`${route.method} ${pathOf(route.url)}: ${status} ${message}`);
    }
    expect(reached).toEqual([]);
  });
});
