import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertScopeVisible, canSeeScope } from '../../core/access/visibility.ts';
import { quotaChangeSchema, quotaHistoryQuerySchema } from '../../core/contracts/goals.ts';
import { parseScope } from '../../core/scope.ts';
import { quotaHistory } from '../../services/goals/targets-service.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import { requestVisibility } from '../request-visibility.ts';
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
            'Who set, created, deleted or handed over a quota (the targets.csv rows "sales vs target" divides by) through a goal target, when, from which value to which, and through which goal and target. Filter by the quota (scope, metric, period_start, period_end) or by goal_id / target_id. Imports are in GET /imports. A rep\'s quotas only for those who may see the rep\'s numbers (403 for such a `scope`).',
          querystring: quotaHistoryQuerySchema,
          response: { 200: z.array(quotaChangeSchema), 400: apiErrorSchema, 403: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const visibility = await requestVisibility(ctx, request, org);
        const asked = request.query.scope === undefined ? null : parseScope(request.query.scope);
        if (asked?.ok) assertScopeVisible(visibility, asked.scope);
        const changes = await quotaHistory(ctx.store, org, request.query);
        // A rep's quota is one of their individual numbers; the organisation's and teams' are everyone's.
        return changes.filter((change) => {
          const parsed = parseScope(change.scope);
          return !parsed.ok || canSeeScope(visibility, parsed.scope);
        });
      },
    );
  };
}
