import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountLookupSchema, dealLookupSchema, lookupQuerySchema } from '../../core/contracts/lookups.ts';
import { CANDIDATES, searchAccounts, searchDeals } from '../../db/lookups-repo.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';

const MATCHING = `\`search\` matches part of the name or the start of the id, ignoring case (\`%\` and \`_\` are literal); best matches first: the id itself, then names starting with it, then a word starting with it, then the rest. A search matching more than ${CANDIDATES} rows is answered from the ${CANDIDATES} with the highest ids (type more to narrow it). \`limit\` 1–50 (default 20); \`more\` says more rows match.`;

/** Accounts and deals found by name, for the pickers that link a task to them. */
export function lookupRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/accounts',
      {
        config: { access: 'read' },
        schema: {
          tags: ['organisation'],
          summary: 'Accounts by name (for pickers)',
          description: `${MATCHING} Then by name. \`customer\`: acquired and not churned now.`,
          querystring: lookupQuerySchema,
          response: { 200: accountLookupSchema, 400: apiErrorSchema },
        },
      },
      async (request) => searchAccounts(ctx.store.db, (await ctx.org(request)).id, request.query, Date.now()),
    );

    app.get(
      '/deals',
      {
        config: { access: 'read' },
        schema: {
          tags: ['organisation'],
          summary: 'Deals by name (for pickers)',
          description: `${MATCHING} Then open deals before closed ones, the newest first. Each deal names its account and owner.`,
          querystring: lookupQuerySchema,
          response: { 200: dealLookupSchema, 400: apiErrorSchema },
        },
      },
      async (request) => searchDeals(ctx.store.db, (await ctx.org(request)).id, request.query),
    );
  };
}
