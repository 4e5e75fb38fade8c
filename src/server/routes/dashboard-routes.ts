import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dashboardCreateSchema, dashboardUpdateSchema } from '../../core/contracts/api.ts';
import {
  createDashboard,
  dashboardOf,
  dashboardsOf,
  removeDashboard,
  saveDashboard,
} from '../../services/dashboards/dashboards.ts';
import { apiErrorSchema, dashboardSchema, widgetTypesNote } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Dashboards and their widgets; a save carries the version it was based on (409 when stale). */
export function dashboardRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/dashboards',
      {
        config: { access: 'read' },
        schema: {
          tags: ['dashboards'],
          summary: "The organisation's dashboards (the default one is created on the first list)",
          response: { 200: z.array(dashboardSchema) },
        },
      },
      async (request) => dashboardsOf(ctx.store, (await ctx.org(request)).id),
    );

    app.post(
      '/dashboards',
      {
        config: { access: 'write' },
        schema: {
          tags: ['dashboards'],
          summary: 'Create a dashboard',
          description: widgetTypesNote,
          body: dashboardCreateSchema,
          response: { 201: dashboardSchema, 400: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const dashboard = await createDashboard(ctx.store, org.id, request.body);
        ctx.live.publish(org.id, {
          type: 'dashboard-changed',
          dashboardId: dashboard.id,
          version: dashboard.version,
        });
        return reply.code(201).send(dashboard);
      },
    );

    app.get(
      '/dashboards/:id',
      {
        config: { access: 'share-read' },
        schema: {
          tags: ['dashboards'],
          summary: 'One dashboard',
          params: idParams,
          response: { 200: dashboardSchema, 404: apiErrorSchema },
        },
      },
      async (request) => dashboardOf(ctx.store, (await ctx.org(request)).id, request.params.id),
    );

    app.patch(
      '/dashboards/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['dashboards'],
          summary: 'Rename a dashboard or save its widgets (layout and settings)',
          description: `Send the \`version\` you loaded; a stale one gets 409. ${widgetTypesNote}`,
          params: idParams,
          body: dashboardUpdateSchema,
          response: { 200: dashboardSchema, 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const dashboard = await saveDashboard(ctx.store, org.id, request.params.id, request.body);
        ctx.live.publish(org.id, {
          type: 'dashboard-changed',
          dashboardId: dashboard.id,
          version: dashboard.version,
        });
        return dashboard;
      },
    );

    app.delete(
      '/dashboards/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['dashboards'],
          summary: 'Delete a dashboard',
          params: idParams,
          response: { 204: z.null().describe('Deleted'), 404: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        await removeDashboard(ctx.store, org.id, request.params.id);
        ctx.live.publish(org.id, { type: 'dashboard-changed', dashboardId: request.params.id, version: -1 });
        return reply.code(204).send(null);
      },
    );
  };
}
