import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { quotaChangeSchema, quotaHistoryQuerySchema } from '../../core/contracts/goals.ts';
import { quotaHistory } from '../../services/goals/targets-service.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';

/** The sales quotas' history of changes made through goal targets (imports are in GET /imports). */
export function quotaRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/quotas/history',
      {
        config: { access: 'read' },
        schema: {
          tags: ['goals'],
          summary: 'Changes of sales quotas made through goals, newest first',
          description:
            'Who set, created, deleted or handed over a quota (the targets.csv rows "sales vs target" divides by) through a goal target, when, from which value to which, and through which goal and target. Filter by the quota (scope, metric, period_start, period_end) or by goal_id / target_id. Imports are in GET /imports.',
          querystring: quotaHistoryQuerySchema,
          response: { 200: z.array(quotaChangeSchema), 400: apiErrorSchema },
        },
      },
      async (request) => quotaHistory(ctx.store, await ctx.org(request), request.query),
    );
  };
}
