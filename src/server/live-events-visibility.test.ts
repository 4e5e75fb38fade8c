import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, addTestShareLink, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { multipartOf } from '../../test/support/upload-client.ts';
import type { Dashboard, LiveEvent } from '../core/contracts/api.ts';
import { bumpDataVersion, createOrg } from '../db/org-repo.ts';

/** A page's EventSource on /api/v1/events, signed in by `headers`: every event it hears, in order. */
async function listen(base: string, headers: Record<string, string>, query = '') {
  const abort = new AbortController();
  const response = await fetch(`${base}/api/v1/events${query}`, { headers, signal: abort.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const heard: LiveEvent[] = [];
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const frames = buffer.split('\n\n');
      buffer = frames.pop()!;
      for (const frame of frames) {
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (data) heard.push(JSON.parse(data.slice(6)) as LiveEvent);
      }
    }
  })();
  return {
    heard,
    async until(test: (event: LiveEvent) => boolean, ms = 20_000): Promise<void> {
      const end = performance.now() + ms;
      while (!heard.some(test)) {
        if (performance.now() > end) throw new Error(`no such event; heard ${JSON.stringify(heard)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      abort.abort();
      await pump;
    },
  };
}

// Real HTTP: subscribers of each role on the live stream while an admin uploads a file.
describe.each(DIALECTS)('who hears what on the live stream, on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let rep: TestPerson;
  let admin: TestPerson;
  let stranger: TestPerson;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.org();
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    admin = await addTestPerson(t.store, org, 'admin');
    // The owner of another organisation on the same server.
    stranger = await addTestPerson(t.store, await createOrg(t.store.db, { name: 'Other' }, 'other'), 'owner');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => t.dispose());

  it('an import’s progress and end reach admins; data-changed every member; nothing another organisation', async () => {
    const repStream = await listen(base, rep.headers);
    const adminStream = await listen(base, admin.headers);
    const strangerStream = await listen(base, stranger.headers);
    try {
      const form = await multipartOf({ 'leads.csv': 'id,created_at\nLX9,2026-02-04\n' });
      const uploaded = await fetch(`${base}/api/v1/imports?wait=true`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': form.contentType },
        body: new Uint8Array(form.body),
      });
      expect(uploaded.status, await uploaded.clone().text()).toBe(200);
      const { dataVersion, importId } = (await uploaded.json()) as { dataVersion: number; importId: number };

      await adminStream.until((event) => event.type === 'import-finished');
      expect(adminStream.heard.map((event) => event.type)).toEqual([
        ...adminStream.heard.filter((event) => event.type === 'import-progress').map(() => 'import-progress'),
        'data-changed',
        'import-finished',
      ]);
      expect(adminStream.heard.find((event) => event.type === 'import-progress')).toMatchObject({ importId });
      await repStream.until((event) => event.type === 'data-changed');

      // A later change both hear: by then the rep would have heard the import's events, had they been sent.
      const bumped = await bumpDataVersion(t.store.db, (await t.org()).id);
      await repStream.until((event) => event.type === 'data-changed' && event.dataVersion === bumped);
      await adminStream.until((event) => event.type === 'data-changed' && event.dataVersion === bumped);
      expect(repStream.heard).toEqual([
        { type: 'data-changed', dataVersion },
        { type: 'data-changed', dataVersion: bumped },
      ]);
      expect(strangerStream.heard).toEqual([]);
    } finally {
      await Promise.all([repStream.close(), adminStream.close(), strangerStream.close()]);
    }
  });

  it('a share link hears data-changed and the changes of its own dashboards only', async () => {
    const org = await t.org();
    const [dashboard] = (await (await t.app.inject({ url: '/api/v1/dashboards' })).json()) as Dashboard[];
    const mine = dashboard!.id;
    const notMine = mine + 1000;
    const { secret } = await addTestShareLink(t.store, t.owner, [mine]);
    const link = await listen(`${base}`, {}, `?share=${secret}`);
    const repStream = await listen(base, rep.headers);
    try {
      const live = t.app.udn.live;
      live.publish(org.id, { type: 'dashboard-changed', dashboardId: notMine, version: 1 });
      live.publish(org.id, { type: 'goals-changed' });
      live.publish(org.id, {
        type: 'import-progress',
        importId: 9,
        progress: { file: 'a.csv', bytes: 1, totalBytes: 2, rows: 1 },
      });
      live.publish(org.id, { type: 'dashboard-changed', dashboardId: mine, version: 1 });
      const bumped = await bumpDataVersion(t.store.db, org.id);
      await link.until((event) => event.type === 'data-changed');
      await repStream.until((event) => event.type === 'data-changed');
      expect(link.heard).toEqual([
        { type: 'dashboard-changed', dashboardId: mine, version: 1 },
        { type: 'data-changed', dataVersion: bumped },
      ]);
      expect(repStream.heard).toEqual([
        { type: 'dashboard-changed', dashboardId: notMine, version: 1 },
        { type: 'goals-changed' },
        { type: 'dashboard-changed', dashboardId: mine, version: 1 },
        { type: 'data-changed', dataVersion: bumped },
      ]);
    } finally {
      await Promise.all([link.close(), repStream.close()]);
    }
  });

  it('a publisher’s own audience narrows an event further', async () => {
    const repStream = await listen(base, rep.headers);
    const adminStream = await listen(base, admin.headers);
    try {
      const org = await t.org();
      // As a dashboard's change is published: only to those who may see that dashboard.
      t.app.udn.live.publish(
        org.id,
        { type: 'dashboard-changed', dashboardId: 77, version: 3 },
        (p) => p.userId === admin.user.id,
      );
      t.app.udn.live.publish(org.id, { type: 'goals-changed' });
      await repStream.until((event) => event.type === 'goals-changed');
      await adminStream.until((event) => event.type === 'goals-changed');
      expect(repStream.heard).toEqual([{ type: 'goals-changed' }]);
      expect(adminStream.heard).toEqual([
        { type: 'dashboard-changed', dashboardId: 77, version: 3 },
        { type: 'goals-changed' },
      ]);
    } finally {
      await Promise.all([repStream.close(), adminStream.close()]);
    }
  });
});
