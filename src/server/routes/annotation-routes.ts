import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  annotationInputSchema,
  annotationItemSchema,
  annotationQuerySchema,
  annotationUpdateSchema,
} from '../../core/contracts/annotations.ts';
import {
  annotationsOf,
  changeAnnotation,
  createAnnotation,
  removeAnnotation,
} from '../../services/annotations/annotations-service.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema, inputErrors } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const annotationParams = z.object({ id: z.coerce.number().int().positive() });
const TAGS = ['dashboards'];

/**
 * Annotations on time charts ("price increase", "new rep joined"): every reader sees them; admins
 * edit any, managers their teams' (services/annotations/annotation-access.ts). Changes are audited
 * as dashboard changes.
 */
export function annotationRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/annotations',
      {
        config: { access: 'read' },
        schema: {
          tags: TAGS,
          summary: 'Annotations overlapping from..to; with team, the organisation’s and that team’s',
          querystring: annotationQuerySchema,
          response: { 200: z.array(annotationItemSchema), ...inputErrors },
        },
      },
      async (request) =>
        annotationsOf(ctx.store, (await ctx.org(request)).id, principalOf(request), request.query),
    );

    app.post(
      '/annotations',
      {
        config: { access: 'write' },
        schema: {
          tags: TAGS,
          summary: 'Annotate a day or a range (admins: any; managers: their teams)',
          body: annotationInputSchema,
          response: { 201: annotationItemSchema, ...inputErrors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const item = await createAnnotation(ctx.store, org.id, principalOf(request), request.body);
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'annotation_created',
          subject: `annotation:${item.id}`,
          summary: `annotated ${item.from}..${item.to}${item.team ? ` for team ${item.team}` : ''}: "${item.note}"`,
          after: item,
        });
        return reply.code(201).send(item);
      },
    );

    app.patch(
      '/annotations/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: TAGS,
          summary: 'Change an annotation',
          params: annotationParams,
          body: annotationUpdateSchema,
          response: { 200: annotationItemSchema, ...inputErrors },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const { before, after } = await changeAnnotation(
          ctx.store,
          org.id,
          principalOf(request),
          request.params.id,
          request.body,
        );
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'annotation_updated',
          subject: `annotation:${after.id}`,
          summary: `changed annotation ${after.id}: "${after.note}"`,
          before,
          after,
        });
        return after;
      },
    );

    app.delete(
      '/annotations/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: TAGS,
          summary: 'Delete an annotation',
          params: annotationParams,
          response: { 204: z.null().describe('Deleted'), 403: apiErrorSchema, 404: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const removed = await removeAnnotation(ctx.store, org.id, principalOf(request), request.params.id);
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'annotation_deleted',
          subject: `annotation:${removed.id}`,
          summary: `deleted annotation ${removed.id}: "${removed.note}"`,
          before: removed,
        });
        return reply.code(204).send(null);
      },
    );
  };
}
