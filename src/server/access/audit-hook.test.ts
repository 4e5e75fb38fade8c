import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../../test/support/test-stores.ts';
import { forbidden } from '../../core/errors.ts';
import { recordAudit } from '../../services/access/audit.ts';
import { installErrorHandlers } from '../error-handler.ts';
import { installAuditHook, kindOfRoute } from './audit-hook.ts';
import { installRouteGuard } from './route-guard.ts';

describe('the audit hook', () => {
  let store: TestStore;
  let clock = 1_000_000;
  const app = Fastify();
  beforeAll(async () => {
    store = await createTestStore('sqlite');
    installErrorHandlers(app);
    installRouteGuard(app, () => [], installAuditHook(app, store, { now: () => clock }));
    // A route that audits deep in a service, after its body was parsed and a few awaits later.
    app.post('/api/v1/tasks', { config: { access: 'public' } }, async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await recordAudit(store, {
        orgId: 1,
        actor: null,
        ip: null,
        kind: 'task',
        action: 'created',
        summary: 'by the service',
      });
      return request.body;
    });
    app.post('/api/v1/imports', { config: { access: 'public' } }, async (_request, reply) =>
      reply.code(202).send({}),
    );
    app.get('/api/v1/secret', { config: { access: 'read' } }, async () => ({}));
    // A refusal of a record's own policy, after the guard let the request through.
    app.patch('/api/v1/goals/:id', { config: { access: 'public' } }, async () => {
      throw forbidden("only its team's managers edit this goal");
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });
  const entries = () => store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

  it('does not record again a write its service recorded', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'x' } });
    expect(response.statusCode).toBe(200);
    expect((await entries()).map((e) => e.summary)).toEqual(['by the service']);
  });

  it('records a write no one audited from its route, without its query', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/imports?token=s3cret', payload: {} });
    expect(response.statusCode).toBe(202);
    const last = (await entries()).at(-1)!;
    expect(last).toMatchObject({
      kind: 'import',
      action: 'created',
      subject: '/api/v1/imports',
      actor_via: 'anonymous',
      summary: 'POST /api/v1/imports → 202',
    });
    expect(JSON.stringify(await entries())).not.toContain('s3cret');
  });

  it('records refusals once per address and route per window', async () => {
    const refused = async () => (await entries()).filter((e) => e.kind === 'access_refused');
    for (let i = 0; i < 50; i++)
      expect((await app.inject({ url: '/api/v1/secret?share=abc' })).statusCode).toBe(401);
    expect(await refused()).toHaveLength(1);
    expect((await refused())[0]).toMatchObject({
      action: 'unauthorized',
      subject: 'GET /api/v1/secret',
      summary: '401 GET /api/v1/secret: sign in first',
      ip: '127.0.0.1',
      org_id: null,
    });
    clock += 9_999;
    await app.inject({ url: '/api/v1/secret' });
    expect(await refused()).toHaveLength(1);
    clock += 1;
    await app.inject({ url: '/api/v1/secret' });
    expect(await refused()).toHaveLength(2);
    // Another client address is another key.
    await app.inject({ url: '/api/v1/secret', remoteAddress: '10.0.0.9' });
    expect((await refused()).map((e) => e.ip)).toEqual(['127.0.0.1', '127.0.0.1', '10.0.0.9']);
  });

  it("records a record policy's refusal with its reason", async () => {
    const response = await app.inject({ method: 'PATCH', url: '/api/v1/goals/5', payload: { name: 'x' } });
    expect(response.statusCode).toBe(403);
    const last = (await entries()).at(-1)!;
    expect(last).toMatchObject({
      kind: 'access_refused',
      action: 'forbidden',
      subject: 'PATCH /api/v1/goals/:id',
      summary: "403 PATCH /api/v1/goals/5: only its team's managers edit this goal",
    });
  });

  it('names the kind of a route', () => {
    expect(kindOfRoute('/api/v1/goals/:id/targets/:targetId')).toBe('target');
    expect(kindOfRoute('/api/v1/goals/:id')).toBe('goal');
    expect(kindOfRoute('/api/v1/share-links/:id')).toBe('share_link');
    expect(kindOfRoute('/api/v1/org/reset')).toBe('data');
  });
});
