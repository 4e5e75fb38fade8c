import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatEpochDay } from '../../core/calendar-date.ts';
import type { OrgResponse } from '../../core/contracts/api.ts';
import { KPIS, METRICS } from '../../core/kpis/definitions.ts';
import { teamNames } from '../../core/kpis/report.ts';
import { currencyDigits } from '../../core/money.ts';
import { localEpochDay } from '../../core/time-zone.ts';
import { hasAnyData, listReps } from '../../db/reference-repo.ts';
import { definitionsSchema, orgSchema, repSchema, teamSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';

/** The organisation, the KPI catalogue and the reps and teams that scope pickers offer. */
export function orgRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/org',
      {
        schema: { tags: ['organisation'], summary: 'The organisation served', response: { 200: orgSchema } },
      },
      async (): Promise<OrgResponse> => {
        const org = await ctx.org();
        return {
          id: org.id,
          name: org.name,
          timezone: org.timezone,
          currency: org.currency,
          currencyDigits: currencyDigits(org.currency) ?? 2,
          fiscalYearStartMonth: org.fiscal_year_start_month,
          grossMargin: org.gross_margin,
          dataVersion: org.data_version,
          hasData: await hasAnyData(ctx.store.db, org.id),
          today: formatEpochDay(localEpochDay(Date.now(), org.timezone)),
        };
      },
    );

    app.get(
      '/definitions',
      {
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
      { schema: { tags: ['organisation'], summary: 'Every rep', response: { 200: z.array(repSchema) } } },
      async () => listReps(ctx.store.db, (await ctx.org()).id),
    );

    app.get(
      '/teams',
      {
        schema: {
          tags: ['organisation'],
          summary: 'Every team named in reps.csv, with its number of reps',
          response: { 200: z.array(teamSchema) },
        },
      },
      async () => {
        const reps = await listReps(ctx.store.db, (await ctx.org()).id);
        const names = teamNames(reps.map((rep) => ({ ...rep, startedOn: null, endedOn: null })));
        return names.map((name) => ({ name, repCount: reps.filter((rep) => rep.team === name).length }));
      },
    );
  };
}
