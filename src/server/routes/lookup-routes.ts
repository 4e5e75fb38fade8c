import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountLookupSchema, dealLookupSchema, lookupQuerySchema } from '../../core/contracts/lookups.ts';
import { CANDIDATES, searchAccounts, searchDeals } from '../../db/lookups-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import { requestVisibility } from '../request-visibility.ts';
import type { ServerContext } from '../server-context.ts';

const MATCHING = `\`search\` matches part of the name or the start of the id, ignoring case (\`%\` and \`_\` are literal); best matches first: the id itself, then names starting with it, then a word starting with it, then the rest. A search matching more than ${CANDIDATES} rows is answered from the ${CANDIDATES} with the highest ids (type more to narrow it). \`limit\` 1–50 (default 20); \`more\` says more rows match.`;

/** Accounts and deals found by name, for the pickers that link a task to them. */
export function lookupRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  /** The owners whose rows the searcher may find: a rep's own, a manager's teams', all for admins. */
  const ownersFor = async (request: FastifyRequest, org: OrgRecord) => {
    const visibility = await requestVisibility(ctx, request, org);
    return visibility.kind === 'all' ? null : [...visibility.repIds];
  };
  return async (app) => {
    app.get(
      '/accounts',
      {
        config: { access: 'read' },
        schema: {
          tags: ['organisation'],
          summary: 'Accounts by name (for pickers)',
          description: `${MATCHING} Then by name. \`customer\`: acquired and not churned now. Only accounts of the reps the caller may see (all, with an open leaderboard).`,
          querystring: lookupQuerySchema,
          response: { 200: accountLookupSchema, 400: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const owners = await ownersFor(request, org);
        return searchAccounts(ctx.store.db, org.id, { ...request.query, owners }, Date.now());
      },
    );

    app.get(
      '/deals',
      {
        config: { access: 'read' },
        schema: {
          tags: ['organisation'],
          summary: 'Deals by name (for pickers)',
          description: `${MATCHING} Then open deals before closed ones, the newest first. Each deal names its account and owner. Only deals of the reps the caller may see (all, with an open leaderboard).`,
          querystring: lookupQuerySchema,
          response: { 200: dealLookupSchema, 400: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        return searchDeals(ctx.store.db, org.id, { ...request.query, owners: await ownersFor(request, org) });
      },
    );
  };
}
