import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { putMember } from '../../db/members-repo.ts';
import { createOrg, findDefaultOrg, setOrgSlug, slugOf, updateOrgSettings } from '../../db/org-repo.ts';
import { hasAnyData } from '../../db/reference-repo.ts';
import { claimServerSetting } from '../../db/server-settings-repo.ts';
import { countUsers, findUserByEmail, insertUser } from '../../db/users-repo.ts';
import { recordAudit } from '../../services/access/audit.ts';
import { addDemoPeople } from '../../services/access/demo-people.ts';
import { RATE_LIMITS } from '../security/rate-limits.ts';
import type { ServerContext } from '../server-context.ts';

const setupDone = () =>
  new DomainError('conflict', 'this server is set up already: sign in, or ask its owner for an invitation', {
    params: { entity: 'setup' },
  });

const setupBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().max(320),
  // better-auth's own bounds for a password.
  password: z.string().min(8).max(128),
  orgName: z.string().trim().min(1).max(200),
  demo: z.boolean(),
});

/**
 * First run: while the server has no person, anyone who reaches it may make the owner and the
 * organisation, once. An install whose data was imported before it had accounts keeps it: the
 * owner takes over the first organisation, renamed as asked.
 */
export function setupRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/setup',
      {
        config: { access: 'public' },
        schema: { tags: ['account'], summary: 'Whether the first-run setup is still to be done' },
      },
      async () => ({ needed: (await countUsers(ctx.store.db)) === 0 }),
    );

    app.post(
      '/setup',
      {
        config: { access: 'public', rateLimit: RATE_LIMITS.setup },
        schema: {
          tags: ['account'],
          summary: 'Create the owner and the organisation (only while the server has no person)',
          body: setupBody,
        },
      },
      async (request, reply) => {
        const body = request.body;
        const made = await ctx.store.db.transaction().execute(async (trx) => {
          // The key is the guard: of two setups at once, one inserts it and the other finds it there.
          if ((await countUsers(trx)) > 0) throw setupDone();
          if (!(await claimServerSetting(trx, 'setup', new Date().toISOString()))) throw setupDone();
          if (await findUserByEmail(trx, body.email)) throw setupDone();
          const existing = await findDefaultOrg(trx);
          // The organisation a first start made (the demo, or an empty one) becomes the one named here.
          const org = existing
            ? {
                ...existing,
                name: body.orgName,
                slug: await setOrgSlug(trx, existing.id, slugOf(body.orgName) || existing.slug),
              }
            : await createOrg(trx, { name: body.orgName }, slugOf(body.orgName));
          if (existing) await updateOrgSettings(trx, existing.id, { name: body.orgName });
          const user = await insertUser(trx, ctx.store.dialect, {
            email: body.email,
            name: body.name,
            password: body.password,
          });
          await putMember(trx, { orgId: org.id, userId: user.id, role: 'owner', repId: null, teams: [] });
          return { org, user };
        });
        ctx.orgChanged(made.org.id);
        // `npm start` loads the demo on a first run, before anyone fills this form: not twice.
        if (body.demo && !(await hasAnyData(ctx.store.db, made.org.id))) {
          // Loaded on demand: the generator is only needed here and by `udn demo`.
          const { loadDemo } = await import('../../services/demo-data.ts');
          const result = await loadDemo(ctx.store, { seed: 42, orgSlug: made.org.slug });
          if (!result.ok) request.log.warn({ errors: result.errors.length }, 'the demo data did not load');
          // The demo's files name their own company; the organisation keeps the name given here.
          await updateOrgSettings(ctx.store.db, made.org.id, { name: body.orgName });
          ctx.orgChanged(made.org.id);
        }
        // The demo's sales manager, reps and viewer, to look at the app through their eyes ("view as").
        if (body.demo) await addDemoPeople(ctx.store, made.org.id);
        await recordAudit(ctx.store, {
          orgId: made.org.id,
          actor: { email: made.user.email },
          ip: request.ip,
          kind: 'member',
          action: 'created',
          subject: made.user.id,
          summary: `first-run setup: ${made.user.email} is the owner of ${made.org.name}${body.demo ? ' (with the demo data)' : ''}`,
        });
        return reply.code(201).send({ orgSlug: made.org.slug });
      },
    );
  };
}
