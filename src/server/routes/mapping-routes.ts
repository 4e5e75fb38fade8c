import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mappingSchema } from '../../core/contracts/mapping.ts';
import {
  mappingFileName,
  removeMapping,
  savedMapping,
  savedMappings,
  storeMapping,
} from '../../services/imports/saved-mappings.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema, MAPPING_EXAMPLE, savedMappingSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const nameParams = z.object({
  name: z.string().describe('The name the mapping is saved by (URL-encoded): `HubSpot%20deals`'),
});

const mappingBody = mappingSchema.meta({
  description:
    'A mapping document (docs/import.md, "Mappings and CRM exports"); its `name` is replaced by the name in the path',
  examples: [MAPPING_EXAMPLE],
});

/** `filename*` carries a name in any script; the plain `filename` is its ASCII fallback. */
const attachment = (file: string) =>
  `attachment; filename="${file.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file)}`;

/** Column mappings saved by name, per organisation: to reuse on the Data page, in the CLI and in sources. */
export function mappingRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/mappings',
      {
        config: { access: 'read' },
        schema: {
          tags: ['imports'],
          summary: "The organisation's saved column mappings, by name",
          response: { 200: z.array(savedMappingSchema) },
        },
      },
      async (request) => savedMappings(ctx.store, (await ctx.org(request)).id),
    );

    app.get(
      '/mappings/:name',
      {
        config: { access: 'read' },
        schema: {
          tags: ['imports'],
          summary: 'A saved mapping; with ?download=1 its document as a file for `udn import --mapping FILE`',
          params: nameParams,
          querystring: z.object({
            download: z
              .enum(['1', 'true'])
              .optional()
              .describe('Answer the mapping document alone as an attachment, <name>.udn-mapping.json'),
          }),
          produces: ['application/json'],
          response: {
            200: savedMappingSchema
              .or(z.string().describe('With ?download=1: the mapping document, as a JSON file'))
              .describe('SavedMapping; the document alone with ?download=1'),
            400: apiErrorSchema,
            404: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const saved = await savedMapping(ctx.store, (await ctx.org(request)).id, request.params.name);
        if (request.query.download === undefined) return saved;
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', attachment(mappingFileName(saved.name)))
          .send(`${JSON.stringify(saved.mapping, null, 2)}\n`);
      },
    );

    app.put(
      '/mappings/:name',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: 'Save a mapping by name (creates it, or replaces the one saved under that name)',
          description:
            'The body is validated against the mapping schema: a 400 names the JSON path of what is wrong as `field` (e.g. `fields.status`, `dates`, `fields.colour`). 201 when the name is new, 200 when it replaced a saved mapping.',
          params: nameParams,
          body: mappingBody,
          response: {
            200: savedMappingSchema,
            201: savedMappingSchema,
            400: apiErrorSchema,
            403: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const orgId = (await ctx.org(request)).id;
        const { saved, before } = await storeMapping(
          ctx.store,
          orgId,
          request.params.name,
          request.body,
          principalOf(request).userId,
        );
        await auditRecord(ctx, request, {
          kind: 'import',
          action: before ? 'updated' : 'created',
          subject: `mapping:${saved.name}`,
          summary: `${before ? 'changed' : 'saved'} the column mapping "${saved.name}" (${saved.mapping.table})`,
          ...(before ? { before } : {}),
          after: saved.mapping,
        });
        return reply.code(before ? 200 : 201).send(saved);
      },
    );

    app.delete(
      '/mappings/:name',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: 'Delete a saved mapping',
          params: nameParams,
          description:
            'Refused with 409 while a scheduled source imports through the mapping (the message names the sources).',
          response: {
            204: z.null().describe('Deleted'),
            403: apiErrorSchema,
            404: apiErrorSchema,
            409: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const orgId = (await ctx.org(request)).id;
        const before = await removeMapping(ctx.store, orgId, request.params.name);
        await auditRecord(ctx, request, {
          kind: 'import',
          action: 'deleted',
          subject: `mapping:${request.params.name.trim()}`,
          summary: `deleted the column mapping "${request.params.name.trim()}"`,
          before,
        });
        return reply.code(204).send(null);
      },
    );
  };
}
