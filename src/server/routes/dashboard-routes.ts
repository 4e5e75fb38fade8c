import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dashboardCreateSchema,
  dashboardSharesSchema,
  dashboardUpdateSchema,
} from '../../core/contracts/api.ts';
import {
  createDashboard,
  dashboardOf,
  dashboardsOf,
  removeDashboard,
  saveDashboard,
  shareDashboard,
} from '../../services/dashboards/dashboards.ts';
import { principalOf } from '../access/route-guard.ts';
import { announceDashboard } from '../live-announce.ts';
import { apiErrorSchema, dashboardSchema, widgetTypesNote } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

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
      async (request) => dashboardsOf(ctx.store, (await ctx.org(request)).id, principalOf(request)),
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
        const dashboard = await createDashboard(ctx.store, org.id, request.body, principalOf(request));
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'created',
          subject: String(dashboard.id),
          summary: `created dashboard "${dashboard.name}"`,
        });
        await announceDashboard(ctx, org.id, dashboard, dashboard.version);
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
      async (request) =>
        dashboardOf(ctx.store, (await ctx.org(request)).id, request.params.id, principalOf(request)),
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
        const dashboard = await saveDashboard(
          ctx.store,
          org.id,
          request.params.id,
          request.body,
          principalOf(request),
        );
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'updated',
          subject: String(dashboard.id),
          summary: `changed dashboard "${dashboard.name}" (${[
            request.body.name !== undefined ? 'name' : null,
            request.body.widgets !== undefined ? 'widgets' : null,
          ]
            .filter(Boolean)
            .join(', ')})`,
        });
        await announceDashboard(ctx, org.id, dashboard, dashboard.version);
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
        const dashboard = await removeDashboard(ctx.store, org.id, request.params.id, principalOf(request));
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'deleted',
          subject: String(dashboard.id),
          summary: `deleted dashboard "${dashboard.name}"`,
          before: { name: dashboard.name, shares: dashboard.shares },
        });
        await announceDashboard(ctx, org.id, dashboard, -1);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/dashboards/:id/shares',
      {
        config: { access: 'write' },
        schema: {
          tags: ['dashboards'],
          summary: 'Set whom a dashboard is shared with (its owner and admins)',
          description:
            'Replaces the shares: `org` (everyone in the organisation), `team:NAME` (the members of a team some rep is in), `user:USER_ID` (a member). `canEdit` lets them change it too; sharing and deleting stay with the owner and admins.',
          params: idParams,
          body: dashboardSharesSchema,
          response: { 200: dashboardSchema, 400: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const { dashboard, before } = await shareDashboard(
          ctx.store,
          org.id,
          request.params.id,
          request.body.shares,
          principalOf(request),
        );
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'shared',
          subject: String(dashboard.id),
          summary: `shared dashboard "${dashboard.name}" with ${
            dashboard.shares.map((s) => `${s.scope}${s.canEdit ? ' (edit)' : ''}`).join(', ') || 'nobody'
          }`,
          before,
          after: dashboard.shares,
        });
        // Those it was shared with before hear of it too: their page drops it.
        await announceDashboard(ctx, org.id, dashboard, dashboard.version, before);
        return dashboard;
      },
    );
  };
}
