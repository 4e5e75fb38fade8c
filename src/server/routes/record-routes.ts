import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { claimImportRecord, importBusy } from '../../db/imports-repo.ts';
import { thisProcess } from '../../db/process-owner.ts';
import { FILE_SPECS } from '../../importer/file-specs.ts';
import {
  DELETE_KEY_FIELDS,
  PUSH_MAX_ROWS,
  PUSH_TABLES,
  pushRecords,
  readBatch,
} from '../../services/imports/push-records.ts';
import { announceEvent } from '../live-announce.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

/** Seconds a caller refused for a running import waits before it tries again. */
const RETRY_AFTER_SECONDS = 5;

const pushErrorSchema = z.object({ field: z.string(), message: z.string() });

const bodySchema = z
  .object({
    upsert: z
      .array(z.unknown())
      .optional()
      .describe(
        'Rows of the table, each an object of its fields as in its KPI-SPEC §2 file (strings, numbers, true/false, null); a field left out is empty, as an empty cell of a file. Rows whose key is stored are updated.',
      ),
    delete: z
      .array(z.unknown())
      .optional()
      .describe(
        `Rows to remove: ids (reps, accounts, leads, deals, emails); for spend objects of ${DELETE_KEY_FIELDS.spend!.join(', ')} (note defaults to "", seq — the n-th row of its date, category and note — to 1); for targets objects of ${DELETE_KEY_FIELDS.targets!.join(', ')}. A key naming no row is no error.`,
      ),
  })
  .meta({
    examples: [
      {
        upsert: [
          {
            id: 'hs-18734',
            name: 'Acme renewal',
            owner_rep_id: 'R3',
            account_id: 'A12',
            created_at: '2026-11-02T09:30:00Z',
            closed_at: '2026-12-05T16:12:00Z',
            status: 'won',
            amount: 12500,
            currency: 'USD',
            units: 1,
            stage: 'Closed Won',
          },
        ],
        delete: ['hs-18001'],
      },
    ],
  });

const countsSchema = z.object({
  importId: z.number().describe('The import history entry of the batch (source api)'),
  table: z.enum(PUSH_TABLES),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  removed: z.number(),
  changed: z.boolean().describe('false when the batch changed nothing (data version and open pages stay)'),
  dataVersion: z.number(),
  warnings: z.array(pushErrorSchema),
});

const refusedSchema = apiErrorSchema.extend({
  errors: z.array(pushErrorSchema).describe('The first 100 faults, each naming upsert[i].field or delete[j]'),
  errorCount: z.number(),
  importId: z
    .number()
    .nullable()
    .describe('The refused import in the history; null when the batch was malformed'),
});

/** POST /api/v1/records/{table}: the push API, for Zapier, Make, n8n or a CRM's webhooks. */
export function recordRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/records/:table',
      {
        config: { access: 'admin' },
        // 10,000 rows of a wide table stay well under this.
        bodyLimit: 32 * 1024 * 1024,
        schema: {
          tags: ['imports'],
          summary: 'Push rows of a table: upsert and delete, all or nothing',
          description: `A batch of at most ${PUSH_MAX_ROWS} rows of one table (${FILE_SPECS.map((s) => s.table).join(', ')}), checked as its file would be (the same rules and messages, errors naming \`upsert[i].field\` or \`delete[j]\`) and written in one transaction with the derived numbers, or not at all (422). Admin access: a session or an API token (\`Authorization: Bearer udn_pat_…\`, scope admin). Each batch is an import in the history (source \`api\`); once written, open dashboards hear \`data-changed\`. 409 with Retry-After while another import of the organisation runs; 503 with Retry-After while the database is held by another process. From Zapier, Make or n8n: an HTTP request step, method POST, URL \`https://<udn>/api/v1/records/deals\`, header \`Authorization: Bearer <token>\`, JSON body as in the example.`,
          params: z.object({ table: z.enum(PUSH_TABLES) }),
          body: bodySchema,
          response: {
            200: countsSchema,
            400: apiErrorSchema,
            409: apiErrorSchema,
            413: apiErrorSchema,
            422: refusedSchema,
            503: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const { table } = request.params;
        const read = readBatch(table, request.body);
        if (!read.batch) {
          return reply.code(422).send({
            error: 'push_refused',
            message: `${read.errors.length} error${read.errors.length === 1 ? '' : 's'} in the batch; nothing was written`,
            errors: read.errors.slice(0, 100),
            errorCount: read.errors.length,
            importId: null,
          });
        }
        const org = await ctx.org(request);
        let importId: number;
        try {
          const here = ctx.jobs.runningFor(org.id);
          if (here) throw importBusy({ ...here, owner: thisProcess() });
          importId = await claimImportRecord(ctx.store, org.id, 'api');
        } catch (error) {
          if (error instanceof DomainError && (error.code === 'busy' || error.code === 'unavailable'))
            reply.header('retry-after', String(RETRY_AFTER_SECONDS));
          throw error;
        }
        const outcome = await pushRecords(ctx.store, table, read.batch, { orgId: org.id, importId });
        if (!outcome.ok) {
          await auditRecord(ctx, request, {
            kind: 'import',
            action: 'failed',
            subject: String(importId),
            summary: `push #${importId} to ${table} refused: ${outcome.errorCount} errors`,
          });
          return reply.code(422).send({
            error: 'push_refused',
            message: `${outcome.errorCount} error${outcome.errorCount === 1 ? '' : 's'}; nothing was written`,
            errors: outcome.errors,
            errorCount: outcome.errorCount,
            importId,
          });
        }
        const { counts } = outcome;
        await auditRecord(ctx, request, {
          kind: 'import',
          action: 'succeeded',
          subject: String(importId),
          summary: `push #${importId} to ${table}: ${counts.inserted} rows inserted, ${counts.updated} updated, ${counts.removed} removed`,
          after: counts,
        });
        if (counts.changed) {
          // What an import job's end does (import-job-events.ts): the organisation's record and
          // caches move to the new version and open pages hear data-changed, here and on the
          // other servers of the database.
          ctx.orgChanged(org.id, counts.dataVersion);
          ctx.live.dataChanged(org.id, counts.dataVersion);
          ctx.tell({ t: 'org', org: org.id, v: counts.dataVersion });
        }
        const finished = {
          importId,
          status: 'succeeded' as const,
          changed: counts.changed,
          dataVersion: counts.dataVersion,
        };
        announceEvent(
          ctx,
          org.id,
          { type: 'import-finished', ...finished },
          { t: 'import-finished', org: org.id, ...finished },
        );
        return counts;
      },
    );
  };
}
