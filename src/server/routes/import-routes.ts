import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { listImports } from '../../db/imports-repo.ts';
import { importFormats, TEMPLATE_FILES, templateOf } from '../../importer/file-templates.ts';
import { KNOWN_FILES } from '../../importer/import-source.ts';
import { listGoals } from '../../services/goals/goals-service.ts';
import { importFormatMarkdown } from '../../services/imports/import-format-doc.ts';
import {
  apiErrorSchema,
  importFormatSchema,
  importHistorySchema,
  importResultSchema,
} from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { importUpload, receiveUpload, trackUpload } from '../uploads/receive-upload.ts';

const templateUrl = (file: string) => `/api/v1/imports/templates/${file}`;

/** Upload of the KPI-SPEC §2 files through the importer the CLI uses, and the import history. */
export function importRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/imports',
      {
        schema: {
          tags: ['imports'],
          summary: 'Import uploaded files, all or nothing',
          description: `multipart/form-data with any of ${KNOWN_FILES.join(', ')} (the file name decides what it is). 200 with the ImportResult when imported; 422 with it (errors name file, line and column) when refused, nothing written; 413 over the size limit.`,
          consumes: ['multipart/form-data'],
          response: {
            200: importResultSchema,
            400: apiErrorSchema,
            413: apiErrorSchema,
            415: apiErrorSchema,
            422: importResultSchema.extend(apiErrorSchema.shape),
          },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          throw new DomainError('unsupported_media_type', 'upload the files as multipart/form-data', {
            field: 'files',
          });
        }
        const org = await ctx.org();
        // Counted from the first byte received: removing the organisation's data waits for none.
        const result = await trackUpload(ctx, async () => {
          const upload = await receiveUpload(
            request.files() as AsyncIterable<MultipartFile>,
            ctx.uploadLimitBytes,
          );
          return ctx.serialize(() => importUpload(ctx.store, org.id, upload));
        });
        ctx.orgChanged();
        if (!result.ok) {
          const message = `${result.errorCount} error${result.errorCount === 1 ? '' : 's'}; nothing was imported`;
          return reply.code(422).send({ error: 'import_refused', message, ...result });
        }
        ctx.live.dataChanged(org.id, result.dataVersion);
        // The import synced the quota goals (services/imports/import-files.ts); data-changed tells goal pages
        // too, since KPI targets move with the data. Their progress needs one KPI report per period:
        // computed now, so the pages that reload on this event find them ready.
        void ctx
          .org()
          .then((fresh) => listGoals(ctx.store, fresh))
          .catch((error: unknown) => request.log.warn({ err: error }, 'goal progress after import failed'));
        return reply.code(200).send(result);
      },
    );

    app.get(
      '/imports',
      {
        schema: {
          tags: ['imports'],
          summary: 'Import history, newest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
          response: { 200: z.array(importHistorySchema) },
        },
      },
      async (request) => listImports(ctx.store.db, (await ctx.org()).id, request.query.limit),
    );

    app.get(
      '/imports/formats',
      {
        schema: {
          tags: ['imports'],
          summary: 'The import files: their columns (required or not) and where their templates are',
          response: { 200: z.array(importFormatSchema) },
        },
      },
      async () => importFormats(templateUrl),
    );

    app.get(
      '/imports/templates/:file',
      {
        schema: {
          tags: ['imports'],
          summary: 'Download the template of an import file',
          description:
            "A CSV file's header row and one example row (the templates refer to each other, so together they import as they are); org.json holds the organisation's current settings.",
          params: z.object({ file: z.string() }),
          produces: ['text/csv', 'application/json'],
          response: { 200: z.string(), 404: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const { file } = request.params;
        const text = TEMPLATE_FILES.includes(file) ? templateOf(file, await ctx.org()) : undefined;
        if (text === undefined) {
          throw new DomainError('not_found', `${file} is not an import file (${TEMPLATE_FILES.join(', ')})`, {
            field: 'file',
            params: { entity: 'import_file', file },
          });
        }
        return reply
          .type(file.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file}"`)
          .send(text);
      },
    );

    let formatDoc: string | undefined;
    app.get(
      '/imports/format',
      {
        schema: {
          tags: ['imports'],
          summary: 'The import format as markdown: KPI-SPEC §1–§2 and the choices of docs/import.md',
          produces: ['text/markdown'],
          response: { 200: z.string() },
        },
      },
      async (_request, reply) => {
        formatDoc ??= importFormatMarkdown();
        return reply.type('text/markdown; charset=utf-8').send(formatDoc);
      },
    );
  };
}
