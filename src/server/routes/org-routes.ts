import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatEpochDay } from '../../core/calendar-date.ts';
import type { OrgResponse } from '../../core/contracts/api.ts';
import { DomainError } from '../../core/errors.ts';
import { KPIS, METRICS } from '../../core/kpis/definitions.ts';
import { teamNames } from '../../core/kpis/report.ts';
import { currencyDigits } from '../../core/money.ts';
import { localEpochDay } from '../../core/time-zone.ts';
import { findOrg, type OrgRecord } from '../../db/org-repo.ts';
import { hasAnyData, listReps } from '../../db/reference-repo.ts';
import { orgDataSummary, resetOrg } from '../../services/org-reset.ts';
import { announce, announceEvent } from '../live-announce.ts';
import {
  apiErrorSchema,
  definitionsSchema,
  orgDataSummarySchema,
  orgResetResultSchema,
  orgSchema,
  repSchema,
  teamSchema,
} from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { uploadsUnderWay } from '../uploads/receive-upload.ts';

/** Removing the data waits for no upload: one being received or imported here refuses it. */
const uploadRunning = () =>
  new DomainError('busy', 'an upload is being imported: wait for it to finish, then remove the data', {
    params: { entity: 'upload' },
  });

/** GET /org's answer (PATCH /org/settings answers it too). */
export async function orgResponse(ctx: ServerContext, org: OrgRecord): Promise<OrgResponse> {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    openLeaderboard: org.open_leaderboard,
    timezone: org.timezone,
    currency: org.currency,
    currencyDigits: currencyDigits(org.currency) ?? 2,
    fiscalYearStartMonth: org.fiscal_year_start_month,
    grossMargin: org.gross_margin,
    dataVersion: org.data_version,
    hasData: await hasAnyData(ctx.store.db, org.id),
    today: formatEpochDay(localEpochDay(Date.now(), org.timezone)),
  };
}

/** The organisation, the KPI catalogue and the reps and teams that scope pickers offer. */
export function orgRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/org',
      {
        config: { access: 'share-read' },
        schema: { tags: ['organisation'], summary: 'The organisation served', response: { 200: orgSchema } },
      },
      async (request) => orgResponse(ctx, await ctx.org(request)),
    );

    app.get(
      '/org/data',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['organisation'],
          summary: 'What the organisation holds: the counts POST /org/reset would delete',
          response: { 200: orgDataSummarySchema },
        },
      },
      async (request) => {
        const summary = await orgDataSummary(ctx.store, await ctx.org(request));
        return { ...summary, importRunning: summary.importRunning || uploadsUnderWay(ctx) > 0 };
      },
    );

    app.post(
      '/org/reset',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['organisation'],
          summary: "Delete all of the organisation's data (the demo, or one's own), in one transaction",
          description:
            'Deletes reps, accounts, leads, deals, emails, spend, targets, the daily rollup, goals, tasks, dashboards (the default one comes back) and the import history, and puts the settings of org.json back to the defaults. `dataVersion`, when given, must be the current one (the version whose counts were shown): else 409 `data_changed`. 409 `import_running` while an import runs.',
          body: z.object({ dataVersion: z.number().int().optional() }).nullish(),
          response: { 200: orgResetResultSchema, 409: apiErrorSchema },
        },
      },
      async (request) => {
        if (uploadsUnderWay(ctx) > 0) {
          throw uploadRunning();
        }
        const expected = request.body?.dataVersion;
        const result = await ctx.serialize(async () => {
          const org = (await findOrg(ctx.store.db, (await ctx.org(request)).id)) ?? (await ctx.org(request));
          if (expected !== undefined && expected !== org.data_version) {
            throw new DomainError(
              'data_changed',
              `the data changed since it was counted (version ${expected}, now ${org.data_version}): look at the counts again`,
              { field: 'dataVersion', params: { expected, current: org.data_version } },
            );
          }
          return { org, ...(await resetOrg(ctx.store, org.id)) };
        });
        announce(ctx, result.org, result.dataVersion);
        // Open pages of a deleted dashboard find out it is gone; the default one comes back on the next list.
        for (const id of result.dashboardIds) {
          announceEvent(
            ctx,
            result.org.id,
            { type: 'dashboard-changed', dashboardId: id, version: 0 },
            { t: 'dashboard', org: result.org.id, id, version: 0 },
          );
        }
        request.log.info({ deleted: result.deleted }, 'organisation data removed');
        return { deleted: result.deleted, dataVersion: result.dataVersion };
      },
    );

    app.get(
      '/definitions',
      {
        config: { access: 'share-read' },
        schema: {
          tags: ['kpis'],
          summary: 'The KPI catalogue: labels (en, id), formulas, units and directions',
          response: { 200: definitionsSchema },
        },
      },
      async () => ({ kpis: [...KPIS], metrics: METRICS }),
    );

    app.get(
      '/reps',
      {
        config: { access: 'read' },
        schema: { tags: ['organisation'], summary: 'Every rep', response: { 200: z.array(repSchema) } },
      },
      async (request) => listReps(ctx.store.db, (await ctx.org(request)).id),
    );

    app.get(
      '/teams',
      {
        config: { access: 'share-read' },
        schema: {
          tags: ['organisation'],
          summary: 'Every team named in reps.csv, with its number of reps',
          response: { 200: z.array(teamSchema) },
        },
      },
      async (request) => {
        const reps = await listReps(ctx.store.db, (await ctx.org(request)).id);
        const names = teamNames(reps.map((rep) => ({ ...rep, startedOn: null, endedOn: null })));
        return names.map((name) => ({ name, repCount: reps.filter((rep) => rep.team === name).length }));
      },
    );
  };
}
