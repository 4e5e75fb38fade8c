import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { periodQuerySchema } from '../../core/contracts/api.ts';
import { PAPER_SIZES } from '../../core/contracts/exports.ts';
import { scopeParamSchema } from '../../core/contracts/scope.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { dashboardPdf } from '../../services/render/dashboard-pdf.ts';
import { type DashboardSnapshot, dashboardSnapshot } from '../../services/render/dashboard-snapshot.ts';
import { attachmentHeader, dashboardFileName, exportPeriod } from '../../services/render/export-period.ts';
import { widgetPng } from '../../services/render/widget-png.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';

const errors = { 400: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };

const viewQuery = periodQuerySchema.extend({
  scope: scopeParamSchema.prefault('org'),
  compare: z.enum(['previous', 'last-year'], { error: 'must be previous or last-year' }).default('previous'),
});

const pdfQuery = viewQuery.extend({
  paper: z.enum(PAPER_SIZES, { error: 'must be a4 or letter' }).default('a4'),
});

const pngQuery = viewQuery.extend({
  /** CSS pixels; the image is `scale` times as many real pixels. */
  width: z.coerce.number().int().min(240).max(2400).default(640),
  scale: z.coerce.number().int().min(1).max(3).default(2),
});

const idParams = z.object({ id: z.coerce.number().int().positive() });
const widgetParams = idParams.extend({ widgetId: z.string().min(1).max(64) });

const NOTE =
  'Give `period` (2026, 2026-Q1, 2026-12 …) or `from` and `to` (`asof` cuts a named period to date); none: this month to date. `compare` is previous (the period before) or last-year (the same days a year earlier). The numbers are those the caller sees on the dashboard: rows of reps they may not see are left out, a `rep:` scope they may not see is 403, a dashboard they may not see is 404.';

/** Sends a rendered file as an attachment; never cached, since it is drawn from the data of the moment. */
const sendFile = (reply: FastifyReply, body: Buffer, type: string, file: string) =>
  reply
    .type(type)
    .header('content-disposition', attachmentHeader(file))
    .header('cache-control', 'no-store')
    .send(body);

/** The dashboard as a PDF and one widget as a PNG, drawn on the server (issue 14). */
export function dashboardExportRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const snapshotOf = async (
    request: FastifyRequest,
    org: OrgRecord,
    id: number,
    query: z.output<typeof viewQuery>,
    widgetId?: string,
  ): Promise<{ snapshot: DashboardSnapshot; periodName: string }> => {
    const { period, name } = exportPeriod(query, org);
    const snapshot = await dashboardSnapshot(ctx.store, org, id, period, principalOf(request), {
      scope: query.scope,
      compare: query.compare,
      ...(widgetId === undefined ? {} : { widgetId }),
    });
    return { snapshot, periodName: name };
  };
  /** The app's address, for links in the PDF back to the same view. */
  const baseUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

  return async (app) => {
    app.get(
      '/dashboards/:id/export.pdf',
      {
        config: { access: 'read' },
        schema: {
          tags: ['dashboards'],
          summary: 'The dashboard as a PDF (A4 or Letter, landscape)',
          description: `${NOTE} Every page is headed by the dashboard's name, the period and what it is compared with, the scope and the generation time in the organisation's zone.`,
          params: idParams,
          querystring: pdfQuery,
          produces: ['application/pdf'],
          response: { 200: z.string().meta({ description: 'The PDF file' }), ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { snapshot, periodName } = await snapshotOf(request, org, request.params.id, request.query);
        const pdf = await dashboardPdf(snapshot, {
          paper: request.query.paper,
          filters: [`Scope: ${snapshot.scopeLabel}`],
          baseUrl: baseUrl(request),
        });
        return sendFile(reply, pdf, 'application/pdf', dashboardFileName(snapshot.title, periodName, 'pdf'));
      },
    );

    app.get(
      '/dashboards/:id/widgets/:widgetId/export.png',
      {
        config: { access: 'read' },
        schema: {
          tags: ['dashboards'],
          summary: 'One widget of the dashboard as a PNG image',
          description: `${NOTE} \`width\` is in CSS pixels (default 640); the image has \`scale\` (default 2) times as many pixels.`,
          params: widgetParams,
          querystring: pngQuery,
          produces: ['image/png'],
          response: { 200: z.string().meta({ description: 'The PNG image' }), ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { id, widgetId } = request.params;
        const { snapshot, periodName } = await snapshotOf(request, org, id, request.query, widgetId);
        const [item] = snapshot.items;
        if (!item) throw new Error('a widget snapshot has its one item');
        const png = widgetPng(item, { width: request.query.width, scale: request.query.scale });
        return sendFile(
          reply,
          png,
          'image/png',
          dashboardFileName(snapshot.title, periodName, 'png', widgetId),
        );
      },
    );
  };
}
