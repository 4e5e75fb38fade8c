import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveListener, listenLive } from '../../test/support/live-listener.ts';
import { databaseOf, terminateBackends } from '../../test/support/pg-faults.ts';
import { udn } from '../../test/support/run-udn.ts';
import { type ServeProcess, startServeProcess } from '../../test/support/serve-process.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { multipartOf } from '../../test/support/upload-client.ts';
import type { Dashboard } from '../core/contracts/api.ts';
import type { Goal, Task } from '../core/contracts/goals.ts';
import { lockForTransaction, runExclusive } from '../db/advisory-lock.ts';
import { openStore, type Store } from '../db/database.ts';
import { listGoalRows } from '../db/goals-repo.ts';
import { syncQuotaGoals } from '../services/goals/quota-sync.ts';

type Headers = Record<string, string>;

async function call<T>(base: string, method: string, url: string, headers: Headers, body?: unknown) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: () => JSON.parse(text) as T, text };
}

async function ok<T>(
  base: string,
  method: string,
  url: string,
  headers: Headers,
  body?: unknown,
): Promise<T> {
  const answer = await call<T>(base, method, url, headers, body);
  expect(answer.status, `${method} ${url}: ${answer.text.slice(0, 300)}`).toBeLessThan(300);
  return answer.json();
}

// Server A is this process's app; server B is a real `udn serve` process on the same PostgreSQL
// database. What goes through A must reach B's pages, and B must answer fresh once they heard it.
describe('two servers on one PostgreSQL database', () => {
  let t: TestApp;
  let a: string;
  let b: ServeProcess;
  let rep: TestPerson;
  let admin: TestPerson;
  let owner: Headers;

  beforeAll(async () => {
    t = await createTestApp('postgres');
    const org = await t.org();
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    admin = await addTestPerson(t.store, org, 'admin');
    owner = t.owner.headers;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    a = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await b?.stop();
    await t.dispose();
  });

  it('quota goals are created once when two instances sync at the same time', async () => {
    const other = await openStore(t.store.target);
    try {
      const org = await t.org();
      expect(await listGoalRows(t.store.db, org.id, { kind: 'quota' })).toEqual([]);
      const outcomes = await Promise.all([
        syncQuotaGoals(t.store, org, { force: true }),
        syncQuotaGoals(other, org, { force: true }),
      ]);
      const goals = await listGoalRows(t.store.db, org.id, { kind: 'quota' });
      expect(goals.length).toBeGreaterThan(0);
      expect(new Set(goals.map((g) => `${g.start_date}|${g.due_date}`)).size).toBe(goals.length);
      // One instance made them all; the other, waiting on the lock, found nothing left to do.
      expect(outcomes.map((o) => o.goalsCreated).sort()).toEqual([0, goals.length]);
      expect(Math.min(...outcomes.map((o) => o.created))).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('runExclusive runs a job on one instance at a time', async () => {
    const other = await openStore(t.store.target);
    try {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = runExclusive(t.store, 'digest', () => held.then(() => 'first'));
      // While the first holds the lock, the second instance skips without waiting.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await runExclusive(other, 'digest', async () => 'second')).toEqual({ ran: false });
      expect(await runExclusive(other, 'alerts', async () => 'other job')).toEqual({
        ran: true,
        value: 'other job',
      });
      release();
      expect(await first).toEqual({ ran: true, value: 'first' });
      expect(await runExclusive(other, 'digest', async () => 'later')).toEqual({ ran: true, value: 'later' });
    } finally {
      await other.close();
    }
  });

  it('a transaction lock makes a second instance wait until the first commits', async () => {
    const other = await openStore(t.store.target);
    try {
      const order: string[] = [];
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const firstLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const first = t.store.db.transaction().execute(async (trx) => {
        await lockForTransaction(trx, 'postgres', 'quota-sync:1');
        locked();
        await held;
        order.push('first commits');
      });
      await firstLocked;
      const second = other.db.transaction().execute(async (trx) => {
        await lockForTransaction(trx, 'postgres', 'quota-sync:1');
        order.push('second has the lock');
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(order).toEqual([]);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first commits', 'second has the lock']);
    } finally {
      await other.close();
    }
  });

  describe('with B as its own process', () => {
    let ownerOnB: LiveListener;
    let repOnB: LiveListener;
    let adminOnB: LiveListener;

    beforeAll(async () => {
      b = await startServeProcess(t.store.target);
      [ownerOnB, repOnB, adminOnB] = await Promise.all([
        listenLive(b.url, owner),
        listenLive(b.url, rep.headers),
        listenLive(b.url, admin.headers),
      ]);
    }, 90_000);
    afterAll(async () => {
      await Promise.all([ownerOnB?.close(), repOnB?.close(), adminOnB?.close()]);
    });

    /** A goals-changed through A, heard on B: everything A sent before it has been applied on B. */
    async function marker(goalId: number, name: string): Promise<void> {
      const from = ownerOnB.heard.length;
      const { version } = await ok<Goal>(a, 'GET', `/api/v1/goals/${goalId}`, owner);
      await ok(a, 'PATCH', `/api/v1/goals/${goalId}`, owner, { name, version });
      await ownerOnB.until((e) => e.type === 'goals-changed', { from });
    }

    it('a dashboard edit reaches those on B who may see it, and B answers the new version', async () => {
      const made = await ok<Dashboard>(a, 'POST', '/api/v1/dashboards', owner, { name: 'Board' });
      await ownerOnB.until((e) => e.type === 'dashboard-changed' && e.dashboardId === made.id);
      const from = ownerOnB.heard.length;
      const saved = await ok<Dashboard>(a, 'PATCH', `/api/v1/dashboards/${made.id}`, owner, {
        name: 'Board, renamed',
        version: made.version,
      });
      await ownerOnB.until((e) => e.type === 'dashboard-changed' && e.version === saved.version, { from });
      const onB = await ok<Dashboard>(b.url, 'GET', `/api/v1/dashboards/${made.id}`, owner);
      expect(onB).toMatchObject({ name: 'Board, renamed', version: saved.version });
      // The owner's private dashboard: B re-checked who may see it, and the rep heard nothing of it.
      const goal = await ok<Goal>(a, 'POST', '/api/v1/goals', owner, {
        name: 'Visits',
        start_date: '2026-04-01',
        due_date: '2026-04-30',
        targets: [{ kind: 'tasks', name: 'Key-account visits' }],
      });
      await repOnB.until((e) => e.type === 'goals-changed');
      expect(repOnB.heard.some((h) => h.event.type === 'dashboard-changed')).toBe(false);
      expect(adminOnB.heard.filter((h) => h.event.type === 'dashboard-changed').length).toBeGreaterThan(0);
      expect(goal.name).toBe('Visits');
    });

    it('goal and task edits reach B, and B answers them at once', async () => {
      const goal = await ok<Goal>(a, 'POST', '/api/v1/goals', owner, {
        name: 'Calls',
        start_date: '2026-04-01',
        due_date: '2026-04-30',
        targets: [{ kind: 'tasks', name: 'Calls made' }],
      });
      await marker(goal.id, 'Calls, renamed');
      expect((await ok<Goal>(b.url, 'GET', `/api/v1/goals/${goal.id}`, owner)).name).toBe('Calls, renamed');

      const task = await ok<Task>(a, 'POST', '/api/v1/tasks', owner, {
        title: 'Call Sinar Jaya',
        type: 'call',
        assignee_rep_id: 'R01',
        due_date: '2026-04-08',
      });
      const from = repOnB.heard.length;
      await ok(a, 'PATCH', `/api/v1/tasks/${task.id}`, owner, { title: 'Call Sinar Jaya again' });
      await repOnB.until((e) => e.type === 'goals-changed', { from });
      expect((await ok<Task>(b.url, 'GET', `/api/v1/tasks/${task.id}`, owner)).title).toBe(
        'Call Sinar Jaya again',
      );
    });

    it('an import through A: B’s pages hear data-changed and B answers the new data version', async () => {
      const before = await ok<{ dataVersion: number }>(b.url, 'GET', '/api/v1/org', owner);
      const form = await multipartOf({ 'leads.csv': 'id,created_at\nLX9,2026-02-04\n' });
      const uploaded = await fetch(`${a}/api/v1/imports?wait=true`, {
        method: 'POST',
        headers: { ...owner, 'content-type': form.contentType },
        body: new Uint8Array(form.body),
      });
      expect(uploaded.status, await uploaded.clone().text()).toBe(200);
      const { dataVersion, importId } = (await uploaded.json()) as { dataVersion: number; importId: number };
      expect(dataVersion).toBeGreaterThan(before.dataVersion);
      await repOnB.until((e) => e.type === 'data-changed' && e.dataVersion === dataVersion);
      expect((await ok<{ dataVersion: number }>(b.url, 'GET', '/api/v1/org', rep.headers)).dataVersion).toBe(
        dataVersion,
      );
      // An admin on B follows the import it did not run; a rep does not hear of imports.
      await adminOnB.until((e) => e.type === 'import-finished' && e.importId === importId);
      expect(repOnB.heard.some((h) => h.event.type.startsWith('import-'))).toBe(false);
    });

    it('a token revoked and a role changed through A are refused by B at once, not after its cache’s seconds', async () => {
      const goal = await ok<Goal>(a, 'POST', '/api/v1/goals', owner, {
        name: 'Marker',
        start_date: '2026-04-01',
        due_date: '2026-04-30',
        targets: [{ kind: 'tasks', name: 'Marks' }],
      });
      // B has the rep's token and the admin's role cached from the requests just made.
      expect((await call(b.url, 'GET', '/api/v1/org', rep.headers)).status).toBe(200);
      expect((await call(b.url, 'GET', '/api/v1/members', admin.headers)).status).toBe(200);

      const row = await t.store.db
        .selectFrom('api_tokens')
        .select('id')
        .where('user_id', '=', rep.user.id)
        .executeTakeFirstOrThrow();
      await ok(a, 'DELETE', `/api/v1/tokens/${row.id}`, owner);
      await ok(a, 'PATCH', `/api/v1/members/${admin.user.id}`, owner, { role: 'rep' });
      await marker(goal.id, 'Marker 2');
      expect((await call(b.url, 'GET', '/api/v1/org', rep.headers)).status).toBe(401);
      expect((await call(b.url, 'GET', '/api/v1/members', admin.headers)).status).toBe(403);
    });

    it('udn tokens revoke and udn users role in a terminal reach B at once too', async () => {
      const viewer = await addTestPerson(t.store, await t.org(), 'admin');
      const other = await addTestPerson(t.store, await t.org(), 'rep', { repId: 'R02' });
      const goal = await ok<Goal>(a, 'POST', '/api/v1/goals', owner, {
        name: 'CLI marker',
        start_date: '2026-04-01',
        due_date: '2026-04-30',
        targets: [{ kind: 'tasks', name: 'Marks' }],
      });
      expect((await call(b.url, 'GET', '/api/v1/org', other.headers)).status).toBe(200);
      expect((await call(b.url, 'GET', '/api/v1/members', viewer.headers)).status).toBe(200);
      const row = await t.store.db
        .selectFrom('api_tokens')
        .select('id')
        .where('user_id', '=', other.user.id)
        .executeTakeFirstOrThrow();
      const revoked = await udn(['tokens', 'revoke', String(row.id), '--db', t.store.target]);
      expect(revoked.code, revoked.stderr).toBe(0);
      const role = await udn(['users', 'role', viewer.user.email, 'viewer', '--db', t.store.target]);
      expect(role.code, role.stderr).toBe(0);
      // NOTIFYs arrive in commit order: once B heard A's later edit, it had heard the terminal's.
      await marker(goal.id, 'CLI marker 2');
      expect((await call(b.url, 'GET', '/api/v1/org', other.headers)).status).toBe(401);
      expect((await call(b.url, 'GET', '/api/v1/members', viewer.headers)).status).toBe(403);
    });

    it('a settings change through A: B answers the new settings at once', async () => {
      const goal = await ok<Goal>(a, 'POST', '/api/v1/goals', owner, {
        name: 'Settings marker',
        start_date: '2026-04-01',
        due_date: '2026-04-30',
        targets: [{ kind: 'tasks', name: 'Marks' }],
      });
      expect((await ok<{ name: string }>(b.url, 'GET', '/api/v1/org', owner)).name).not.toBe('Renamed Co');
      await ok(a, 'PATCH', '/api/v1/org/settings', owner, { name: 'Renamed Co' });
      await marker(goal.id, 'Settings marker 2');
      expect((await ok<{ name: string }>(b.url, 'GET', '/api/v1/org', owner)).name).toBe('Renamed Co');
    });

    it('B’s listening connection lost: B takes everything as changed and hears A again', async () => {
      const from = ownerOnB.heard.length;
      expect(await terminateBackends(databaseOf(t.store))).toBeGreaterThan(0);
      // Whatever was sent while B was not listening is lost: its pages are told to fetch again.
      await ownerOnB.until((e) => e.type === 'data-changed', { from, ms: 30_000 });
      const goal = await ok<Goal>(a, 'POST', '/api/v1/goals', owner, {
        name: 'After',
        start_date: '2026-04-01',
        due_date: '2026-04-30',
        targets: [{ kind: 'tasks', name: 'Afterwards' }],
      });
      await marker(goal.id, 'After, renamed');
      expect((await ok<Goal>(b.url, 'GET', `/api/v1/goals/${goal.id}`, owner)).name).toBe('After, renamed');
    });
  });
});

// SQLite: one serving process, its bus inside it. Two apps on one store object hear each other.
describe('two apps on one SQLite store', () => {
  let t: TestApp;
  let second: Awaited<ReturnType<typeof import('./app.ts').buildApp>>;
  let store: Store;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    store = t.store;
    const { buildApp } = await import('./app.ts');
    second = await buildApp({ store, webDist: null });
    await second.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await second.close();
    await t.dispose();
  });

  it('a goal edit through one reaches the other’s pages', async () => {
    const address = second.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const page = await listenLive(base, t.owner.headers);
    try {
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/goals',
        payload: {
          name: 'Visits',
          start_date: '2026-04-01',
          due_date: '2026-04-30',
          targets: [{ kind: 'tasks', name: 'Key-account visits' }],
        },
      });
      expect(made.statusCode, made.body).toBe(201);
      await page.until((e) => e.type === 'goals-changed');
      expect(page.heard.map((h) => h.event)).toEqual([{ type: 'goals-changed' }]);
    } finally {
      await page.close();
    }
  });
});
