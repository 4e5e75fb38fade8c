import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertScopeVisible, visibleReport } from '../../core/access/visibility.ts';
import type { KpiReport } from '../../core/contracts/api.ts';
import {
  BREAKDOWN_DIMENSIONS,
  breakdownQuerySchema,
  drilldownQuerySchema,
  periodQuerySchema,
  seriesQuerySchema,
} from '../../core/contracts/api.ts';
import type { ResolvedPeriod } from '../../core/periods.ts';
import { formatScope } from '../../core/scope.ts';
import { breakdownFor } from '../../services/kpis/breakdowns.ts';
import { drilldownFor } from '../../services/kpis/drilldown.ts';
import { kpiReport } from '../../services/kpis/kpi-report.ts';
import { seriesFor } from '../../services/kpis/series.ts';
import {
  apiErrorSchema,
  breakdownSchema,
  drilldownSchema,
  kpiReportSchema,
  seriesSchema,
} from '../openapi-schemas.ts';
import { periodOf } from '../request-period.ts';
import { requestVisibility, visibilityCacheKey } from '../request-visibility.ts';
import type { ServerContext } from '../server-context.ts';
import { cachedAnswer, sendAnswer } from './route-helpers.ts';

const errors = { 400: apiErrorSchema, 403: apiErrorSchema };
const PERIOD_NOTE =
  'Give `period` (2026, 2026-Q1, 2026-03, 2026-W05, FY2026, FY2026-Q1) or `from` and `to`. `asof` (a day inside a named period) cuts it to date: first day..asof, compared with the previous period of the same kind cut at the same day offset (KPI-SPEC §3).';

const SEES_NOTE =
  "Organisation and team numbers are every member's; a rep's own (per-rep rows, a `rep:` scope, records) are the rep's, their team's managers' and admins' — everyone's when the organisation opens its leaderboard. Rows the caller may not see are absent; a `rep:` scope they may not see is 403.";

/** What identifies a resolved period in the answer cache: its days and the days it is compared with. */
const periodKey = (p: ResolvedPeriod) => ({
  from: p.range.from,
  to: p.range.to,
  previousFrom: p.previous.from,
  previousTo: p.previous.to,
  toDate: p.toDate,
});

/** The KPI answers: every one is cached per data version, since only an import changes it. */
export function kpiRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/kpis',
      {
        config: { access: 'share-read' },
        schema: {
          tags: ['kpis'],
          summary: 'The KPI report (KPI-SPEC §5) for a period',
          description: `${PERIOD_NOTE} ${SEES_NOTE}`,
          querystring: periodQuerySchema,
          response: { 200: kpiReportSchema, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const period = periodOf(request.query, org);
        const visibility = await requestVisibility(ctx, request, org);
        const whole = () =>
          cachedAnswer(ctx, org, 'kpis', periodKey(period), () => kpiReport(ctx.store, org, period));
        if (visibility.kind === 'all') return sendAnswer(request, reply, await whole());
        // The organisation and teams are everyone's; of the reps, only the visible rows. Cut from
        // the whole report's answer, so each period is computed once whoever asks.
        const answer = await cachedAnswer(
          ctx,
          org,
          'kpis',
          { ...periodKey(period), visible: visibilityCacheKey(visibility) },
          async () => {
            const report = JSON.parse((await whole()).text) as KpiReport;
            return visibleReport(report, visibility);
          },
        );
        return sendAnswer(request, reply, answer);
      },
    );

    app.get(
      '/series',
      {
        config: { access: 'share-read' },
        schema: {
          tags: ['kpis'],
          summary: 'One metric by day, ISO week or month over a period, for a scope',
          description: `${PERIOD_NOTE} Buckets are partial at the edges of the period; each value is what /kpis gives for that bucket. ${SEES_NOTE}`,
          querystring: seriesQuerySchema,
          response: { 200: seriesSchema, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { metric, grain, scope } = request.query;
        const { range } = periodOf(request.query, org);
        // Checked before the cache: a visible scope's answer is the same for everyone who sees it.
        assertScopeVisible(await requestVisibility(ctx, request, org), scope);
        const answer = await cachedAnswer(
          ctx,
          org,
          'series',
          { ...range, metric, grain, scope: formatScope(scope) },
          () => seriesFor(ctx.store, org, { metric, grain, scope, range }),
        );
        return sendAnswer(request, reply, answer);
      },
    );

    app.get(
      '/breakdowns/:dimension',
      {
        config: { access: 'share-read' },
        schema: {
          tags: ['kpis'],
          summary: 'Leads by source, spend by category, open deals by stage, or the lead funnel',
          description: `${PERIOD_NOTE} ${SEES_NOTE}`,
          params: z.object({ dimension: z.enum(BREAKDOWN_DIMENSIONS) }),
          querystring: breakdownQuerySchema,
          response: { 200: breakdownSchema, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { dimension } = request.params;
        const { scope } = request.query;
        const { range } = periodOf(request.query, org);
        // No dimension is per rep; only a rep scope is someone's individual numbers.
        assertScopeVisible(await requestVisibility(ctx, request, org), scope);
        const answer = await cachedAnswer(
          ctx,
          org,
          'breakdown',
          { ...range, dimension, scope: formatScope(scope) },
          () => breakdownFor(ctx.store, org, { dimension, scope, range }),
        );
        return sendAnswer(request, reply, answer);
      },
    );

    app.get(
      '/drilldown',
      {
        config: { access: 'read' },
        schema: {
          tags: ['kpis'],
          summary: 'The records behind a metric, paged',
          description: `${PERIOD_NOTE} For a count metric, \`total\` equals the KPI value. Instants are ISO 8601 (UTC); money is in major units. ${SEES_NOTE} The records are those of the visible reps in the scope (records without an owner only for those who see every rep), so a rep's totals are their own KPI numbers.`,
          querystring: drilldownQuerySchema,
          response: { 200: drilldownSchema, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { metric, scope, page, pageSize, sort } = request.query;
        const period = periodOf(request.query, org);
        const visibility = await requestVisibility(ctx, request, org);
        assertScopeVisible(visibility, scope);
        const answer = await cachedAnswer(
          ctx,
          org,
          'drilldown',
          {
            ...periodKey(period),
            metric,
            scope: formatScope(scope),
            page,
            pageSize,
            sort: sort ?? null,
            visible: visibilityCacheKey(visibility),
          },
          () =>
            drilldownFor(ctx.store, org, {
              metric,
              scope,
              range: period.range,
              previous: period.previous,
              page,
              pageSize,
              sort: sort ?? null,
              visibility,
            }),
        );
        return sendAnswer(request, reply, answer);
      },
    );
  };
}
