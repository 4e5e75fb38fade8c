import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changeOrgSettings } from '../../services/access/orgs.ts';
import { principalOf } from '../access/route-guard.ts';
import { inputErrors, orgSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { orgResponse } from './org-routes.ts';

/** The organisation's own settings: its name and whether every member sees every rep's numbers. */
export function orgSettingsRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      '/org/settings',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['organisation'],
          summary: 'Rename the organisation or turn its open leaderboard on or off (audited)',
          body: z
            .object({
              name: z.string().trim().min(1).max(200).optional(),
              openLeaderboard: z.boolean().optional(),
            })
            .strict(),
          response: { 200: orgSchema, ...inputErrors },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const org = await changeOrgSettings(ctx.store, { principal, ip: request.ip }, request.body);
        ctx.orgChanged(org.id);
        return orgResponse(ctx, await ctx.orgById(org.id));
      },
    );
  };
}
