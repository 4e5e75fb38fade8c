import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canEditFolders } from '../../core/access/record-policy.ts';
import { goalFolderCreateSchema, goalFolderUpdateSchema } from '../../core/contracts/goals.ts';
import { forbidden } from '../../core/errors.ts';
import { createFolder, foldersOf, removeFolder, renameFolder } from '../../services/goals/goals-service.ts';
import { principalOf } from '../access/route-guard.ts';
import { announce } from '../live-announce.ts';
import { apiErrorSchema, inputErrors } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const folderParams = z.object({ id: z.coerce.number().int().positive() });
const folderSchema = z.object({
  id: z.number(),
  name: z.string(),
  position: z.number(),
  goal_count: z.number(),
  created_at: z.string(),
});

/** Folders are the organisation's: admins and managers arrange them. */
function checkFolderEditor(request: FastifyRequest): void {
  if (!canEditFolders(principalOf(request))) throw forbidden('only admins and managers arrange goal folders');
}

/** Goal folders: the goals page's sidebar, in the order people arranged them. */
export function goalFolderRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/goal-folders',
      {
        config: { access: 'read' },
        schema: {
          tags: ['goals'],
          summary: 'Goal folders, in order',
          response: { 200: z.array(folderSchema) },
        },
      },
      async (request) => foldersOf(ctx.store, await ctx.org(request), principalOf(request)),
    );

    app.post(
      '/goal-folders',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Create a goal folder',
          body: goalFolderCreateSchema,
          response: { 201: folderSchema, ...inputErrors },
        },
      },
      async (request, reply) => {
        checkFolderEditor(request);
        const org = await ctx.org(request);
        const folder = await createFolder(ctx.store, org, request.body);
        announce(ctx, org, null);
        await auditRecord(ctx, request, {
          kind: 'goal',
          action: 'folder_created',
          subject: `folder:${folder.id}`,
          summary: `created goal folder "${folder.name}"`,
        });
        return reply.code(201).send(folder);
      },
    );

    app.patch(
      '/goal-folders/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Rename or move a goal folder',
          params: folderParams,
          body: goalFolderUpdateSchema,
          response: { 200: folderSchema, ...inputErrors },
        },
      },
      async (request) => {
        checkFolderEditor(request);
        const org = await ctx.org(request);
        const folder = await renameFolder(ctx.store, org, request.params.id, request.body);
        announce(ctx, org, null);
        await auditRecord(ctx, request, {
          kind: 'goal',
          action: 'folder_updated',
          subject: `folder:${folder.id}`,
          summary: `changed goal folder "${folder.name}"`,
          after: request.body,
        });
        return folder;
      },
    );

    app.delete(
      '/goal-folders/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Delete a goal folder (its goals stay, without a folder)',
          params: folderParams,
          response: { 204: z.null().describe('Deleted'), 404: apiErrorSchema },
        },
      },
      async (request, reply) => {
        checkFolderEditor(request);
        const org = await ctx.org(request);
        await removeFolder(ctx.store, org, request.params.id);
        announce(ctx, org, null);
        await auditRecord(ctx, request, {
          kind: 'goal',
          action: 'folder_deleted',
          subject: `folder:${request.params.id}`,
          summary: `deleted goal folder ${request.params.id}`,
        });
        return reply.code(204).send(null);
      },
    );
  };
}
