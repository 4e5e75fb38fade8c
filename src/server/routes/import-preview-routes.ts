import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { IMPORT_ENCODINGS } from '../../importer/import-source.ts';
import { PREVIEW_ROWS } from '../../importer/preview-file.ts';
import { auditNothingChanged } from '../../services/access/audit.ts';
import { previewImport } from '../../services/imports/preview-import.ts';
import { apiErrorSchema, filePreviewSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { mappingsField, sheetsField } from '../uploads/import-fields.ts';
import { PREVIEW_KEEP_BYTES, type ReceivedPreview, receivePreview } from '../uploads/receive-preview.ts';
import type { UploadedPart } from '../uploads/receive-upload.ts';

/** The mapping screen's preview: files as an import would read them, before anything is written. */
export function importPreviewRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/imports/preview',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary:
            'Preview files before importing them: recognition, mapping, the first rows with their problems',
          description: `multipart/form-data with one or more CSV or XLSX files and optional fields: \`mappings\` (JSON \`{"<file name>": <mapping document>}\`: read the file with it; else it is recognised by its header as a UDN file or a preset's export, else a mapping is guessed), \`sheet\` (a workbook's sheet, or JSON \`{"<file name>": "<sheet>"}\`), \`encoding\` (${IMPORT_ENCODINGS.join(', ')}), \`partial\` (true: each file is only the head of a larger one — its last, possibly cut, record is not shown). Answers each file's first ${PREVIEW_ROWS} rows as UDN will read them, every problem on its cell (source line, source column), the file's own problems, and owners that match no rep. Reads no more than those rows (of a text file at most ${PREVIEW_KEEP_BYTES / 2 ** 20} MiB is kept: send a large file's head, 1 MiB holds far more rows than shown) and writes nothing.`,
          consumes: ['multipart/form-data'],
          response: {
            200: z.object({ files: z.array(filePreviewSchema) }),
            400: apiErrorSchema,
            413: apiErrorSchema,
            415: apiErrorSchema,
            503: apiErrorSchema,
          },
        },
      },
      async (request) => {
        if (!request.isMultipart()) {
          throw new DomainError('unsupported_media_type', 'send the files as multipart/form-data', {
            field: 'files',
          });
        }
        const org = await ctx.org(request);
        const length = Number(request.headers['content-length']);
        const slot = ctx.uploads.open(Number.isFinite(length) && length > 0 ? length : undefined);
        try {
          let received: ReceivedPreview;
          try {
            received = await receivePreview(
              request.parts() as AsyncIterable<UploadedPart>,
              slot,
              ctx.uploadLimitBytes,
            );
          } finally {
            slot.received();
          }
          const names = received.files.map((file) => file.name);
          const answer = await previewImport(ctx.store, org, {
            files: received.files,
            mappings: mappingsField(received.fields.mappings),
            sheets: sheetsField(received.fields.sheet, names),
            ...(received.encoding ? { encoding: received.encoding } : {}),
          });
          // A POST that changes nothing: the audit log's safety net must not record it as a write.
          auditNothingChanged();
          return answer;
        } finally {
          slot.release();
        }
      },
    );
  };
}
