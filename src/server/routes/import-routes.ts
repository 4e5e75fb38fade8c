import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ImportJob } from '../../core/contracts/imports.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import {
  claimImportRecord,
  dropImportRecord,
  findImport,
  importBusy,
  listImports,
} from '../../db/imports-repo.ts';
import { thisProcess } from '../../db/process-owner.ts';
import { importFormats, TEMPLATE_FILES, templateOf } from '../../importer/file-templates.ts';
import { IMPORT_ENCODINGS, KNOWN_FILES } from '../../importer/import-source.ts';
import { importFormatMarkdown } from '../../services/imports/import-format-doc.ts';
import {
  apiErrorSchema,
  importFormatSchema,
  importHistorySchema,
  importJobSchema,
  importResultSchema,
} from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import {
  beginUpload,
  type ReceivedUpload,
  receiveUpload,
  type UploadedPart,
} from '../uploads/receive-upload.ts';
import { type UploadSources, uploadSources } from '../uploads/upload-sources.ts';

const templateUrl = (file: string) => `/api/v1/imports/templates/${file}`;

/** Upload of the KPI-SPEC §2 files through the importer the CLI uses, and the import history. */
export function importRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/imports',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: 'Import uploaded files, all or nothing, as a background job',
          description: `multipart/form-data with any of ${KNOWN_FILES.join(', ')} (the file name decides what it is) and any other CSV or XLSX file (a CRM export, a workbook: recognised by its header as a UDN file or a preset's export, or mapped by the field \`mappings\`), optionally preceded by fields: \`encoding\` (${IMPORT_ENCODINGS.join(', ')}; default UTF-8), \`mappings\` (JSON \`{"<file name>": <mapping document>}\`, see PUT /mappings/{name}; a 400 names the path, \`mappings.<file>.fields.status\`), \`snapshot\` (comma-separated tables whose files are full snapshots: stored rows absent from them are removed), \`allowMassDelete\` (true: a snapshot may remove more than half of a table), \`dryRun\` (true: check and count everything, write nothing). A CSV or XLSX file recognised as nothing is a 400 naming it and its header. Errors of a mapped file name the source file, its line (sheet row) and the source column. 202 with the job once the files are received: follow it at Location (GET /imports/{id}) or on /events (import-progress, import-finished). With ?wait=true: 200 with the ImportResult when imported, 422 with it (errors name file, line and column) when refused, nothing written. 409 (busy, naming the running import) while an import of the organisation runs, here or in another process; 503 with Retry-After while another process holds the database's write lock, or while too many uploads are received or the temporary disk for uploads is in use; 413 over a size limit.`,
          consumes: ['multipart/form-data'],
          querystring: z.object({
            wait: z
              .enum(['true', 'false'])
              .optional()
              .describe('true: answer when the import has ended, with its ImportResult'),
          }),
          response: {
            200: importResultSchema,
            202: importJobSchema,
            400: apiErrorSchema,
            409: apiErrorSchema,
            413: apiErrorSchema,
            415: apiErrorSchema,
            422: importResultSchema.extend(apiErrorSchema.shape),
            503: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          throw new DomainError('unsupported_media_type', 'upload the files as multipart/form-data', {
            field: 'files',
          });
        }
        const org = await ctx.org(request);
        // Everything that can refuse the upload is asked before a byte of its body is read.
        const here = ctx.jobs.runningFor(org.id);
        if (here) throw importBusy({ ...here, owner: thisProcess() });
        const length = Number(request.headers['content-length']);
        const slot = ctx.uploads.open(Number.isFinite(length) && length > 0 ? length : undefined);
        const startedAt = Date.now();
        let importId: number;
        try {
          importId = await claimImportRecord(ctx.store, org.id, 'upload', startedAt);
        } catch (error) {
          slot.release();
          throw error;
        }
        const endUpload = beginUpload(ctx);
        let upload: ReceivedUpload;
        let sources: UploadSources;
        try {
          try {
            upload = await receiveUpload(
              request.parts() as AsyncIterable<UploadedPart>,
              ctx.uploadLimitBytes,
              slot,
            );
          } finally {
            slot.received();
          }
          sources = await uploadSources(upload);
        } catch (error) {
          slot.release();
          endUpload();
          await dropImportRecord(ctx.store.db, importId);
          throw error;
        }
        const ended = ctx.jobs.start({
          importId,
          orgId: org.id,
          source: 'upload',
          startedAt,
          files: sources.files,
          options: sources.options,
          warnings: upload.ignored,
          cleanup: () => {
            slot.release();
            endUpload();
          },
        });
        if (request.query.wait !== 'true') {
          return reply
            .code(202)
            .header('location', `/api/v1/imports/${importId}`)
            .send(await jobOrHistory(org.id, importId));
        }
        const end = await ended;
        if (end.result === null) {
          if (end.status === 'cancelled') {
            throw new DomainError('conflict', `import #${importId} was cancelled; nothing was written`, {
              params: { entity: 'import', id: importId },
            });
          }
          throw new Error(`import #${importId} failed: ${end.message}`);
        }
        const result = end.result;
        if (!result.ok) {
          const message = `${result.errorCount} error${result.errorCount === 1 ? '' : 's'}; nothing was imported`;
          return reply.code(422).send({ error: 'import_refused', message, ...result });
        }
        return reply.code(200).send(result);
      },
    );

    app.get(
      '/imports',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: 'Import history, newest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
          response: { 200: z.array(importHistorySchema) },
        },
      },
      async (request) => listImports(ctx.store.db, (await ctx.org(request)).id, request.query.limit),
    );

    app.get(
      '/imports/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: 'An import job: its status, its progress while it runs, its result once it ended here',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: importJobSchema, 404: apiErrorSchema },
        },
      },
      async (request) => jobOrHistory((await ctx.org(request)).id, request.params.id),
    );

    app.delete(
      '/imports/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: 'Cancel a running import: it ends cancelled, nothing written',
          description:
            'Answers when the job has ended, with it: status cancelled, or the status it reached first had it just finished. 409 when the import has already ended, or runs in another process (a udn import).',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: importJobSchema, 404: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (request) => {
        const { id } = request.params;
        const orgId = (await ctx.org(request)).id;
        const job = await jobOrHistory(orgId, id);
        if (job.status !== 'running') {
          throw new DomainError('conflict', `import #${id} has already ended (${job.status})`, {
            params: { entity: 'import', id, status: job.status },
          });
        }
        if (!ctx.jobs.cancel(id)) {
          throw new DomainError(
            'busy',
            `import #${id} (${job.source}) runs in another process: stop it there (Ctrl+C in its terminal)`,
            {
              params: {
                entity: 'import',
                id,
                source: job.source,
                started_at: new Date(job.startedAt).toISOString(),
              },
            },
          );
        }
        await ctx.jobs.ended(id);
        return jobOrHistory(orgId, id);
      },
    );

    async function jobOrHistory(orgId: number, id: number): Promise<ImportJob> {
      const job = ctx.jobs.get(id, orgId);
      if (job) return job;
      const entry = await findImport(ctx.store.db, orgId, id);
      if (!entry) throw notFound('import', id, 'id');
      return {
        id,
        source: entry.source,
        status: entry.status,
        startedAt: entry.startedAt,
        finishedAt: entry.finishedAt,
        progress: null,
        result: null,
      };
    }

    app.get(
      '/imports/formats',
      {
        config: { access: 'read' },
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
        config: { access: 'read' },
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
        const text = TEMPLATE_FILES.includes(file) ? templateOf(file, await ctx.org(request)) : undefined;
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
        config: { access: 'read' },
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
