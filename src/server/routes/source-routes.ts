import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mappingSchema } from '../../core/contracts/mapping.ts';
import {
  SOURCE_KINDS,
  SOURCE_RUN_STATUSES,
  sourceInputSchema,
  sourcePatchSchema,
} from '../../core/contracts/sources.ts';
import { DomainError } from '../../core/errors.ts';
import type { SourceScheduler } from '../../services/sources/source-scheduler.ts';
import {
  changeSource,
  createSource,
  getSourceItem,
  listSourceItems,
  removeSource,
  sourceRuns,
} from '../../services/sources/sources-service.ts';
import { apiErrorSchema, inputErrors } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const sourceItemSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    kind: z.enum(SOURCE_KINDS),
    location: z.string().describe('The URL, or the folder on the server'),
    header: z
      .object({ name: z.string(), value: z.string().describe('Masked: its last 4 characters at most') })
      .nullable(),
    mappingName: z.string().nullable(),
    mapping: mappingSchema.nullable(),
    snapshot: z.array(z.string()),
    schedule: z.string(),
    timeZone: z.string().describe("The organisation's time zone, the schedule's"),
    enabled: z.boolean(),
    lastStatus: z.enum(SOURCE_RUN_STATUSES).nullable(),
    lastMessage: z.string().nullable(),
    lastRunAt: z.string().nullable(),
    lastImportId: z.number().nullable(),
    failures: z.number().describe('Failed tries in a row'),
    nextRunAt: z
      .string()
      .nullable()
      .describe('A pending retry, else the next scheduled time; null when disabled'),
    running: z.boolean().describe('Whether this server runs it now'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    examples: [
      {
        id: 1,
        name: 'Pipeline sheet',
        kind: 'url',
        location: 'https://docs.google.com/spreadsheets/d/e/2PACX-1vQ/pub?output=csv',
        header: null,
        mappingName: 'HubSpot deals',
        mapping: null,
        snapshot: ['deals'],
        schedule: '0 6 * * 1-5',
        timeZone: 'Asia/Jakarta',
        enabled: true,
        lastStatus: 'succeeded',
        lastMessage: 'imported 1204 rows: 12 new, 30 updated (import #88)',
        lastRunAt: '2026-12-04T23:00:04.512Z',
        lastImportId: 88,
        failures: 0,
        nextRunAt: '2026-12-07T23:00:00.000Z',
        running: false,
        createdAt: '2026-12-01T09:12:00.000Z',
        updatedAt: '2026-12-01T09:12:00.000Z',
      },
    ],
  });

const sourceRunSchema = z.object({
  id: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(SOURCE_RUN_STATUSES),
  message: z.string().nullable(),
  importId: z.number().nullable().describe('The import of the history this run made'),
  bytes: z.number().nullable(),
  trigger: z.string().describe('schedule, retry, manual (run now) or cli'),
});

const idParams = z.object({ id: z.coerce.number().int().positive() });

const sourceBody = sourceInputSchema.meta({
  description:
    "A source. `schedule` is cron syntax (5 fields, or 6 with seconds first) in the organisation's time zone. A folder must lie under a directory UDN_SOURCE_FOLDERS allows. `headerValue` is stored encrypted and never shown again in full.",
  examples: [
    {
      name: 'Pipeline sheet',
      kind: 'url',
      location: 'https://example.com/exports/deals.csv',
      headerName: 'Authorization',
      headerValue: 'Bearer 6f1c…',
      mappingName: 'HubSpot deals',
      snapshot: ['deals'],
      schedule: '0 6 * * 1-5',
    },
  ],
});

/** Scheduled pulls (docs/adr/0021): admins add, change, remove and run sources, and read their runs. */
export function sourceRoutes(ctx: ServerContext, scheduler: SourceScheduler): FastifyPluginAsyncZod {
  const running = (id: number) => scheduler.isRunning(id);
  return async (app) => {
    app.get(
      '/sources',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: "The organisation's scheduled sources, with their last status and next run",
          response: { 200: z.object({ sources: z.array(sourceItemSchema) }) },
        },
      },
      async (request) => ({
        sources: await listSourceItems(ctx.store, (await ctx.org(request)).id, running),
      }),
    );

    app.post(
      '/sources',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary:
            'Add a source: a URL of a CSV/XLSX or a server folder, pulled on a cron schedule (audited)',
          body: sourceBody,
          response: { 201: sourceItemSchema, 400: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const orgId = (await ctx.org(request)).id;
        const item = await createSource(ctx.store, orgId, request.body);
        await auditRecord(ctx, request, {
          kind: 'import',
          action: 'created',
          subject: item.name,
          summary: `added the scheduled source "${item.name}" (${item.kind}, ${item.schedule})`,
        });
        await scheduler.reload();
        return reply.code(201).send(await getSourceItem(ctx.store, orgId, item.id, running));
      },
    );

    app.get(
      '/sources/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: 'A scheduled source',
          params: idParams,
          response: { 200: sourceItemSchema, ...inputErrors },
        },
      },
      async (request) => getSourceItem(ctx.store, (await ctx.org(request)).id, request.params.id, running),
    );

    app.patch(
      '/sources/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary:
            'Change a source; fields left out stay, `headerValue` left out keeps the stored one (audited)',
          params: idParams,
          body: sourcePatchSchema,
          response: { 200: sourceItemSchema, ...inputErrors, 409: apiErrorSchema },
        },
      },
      async (request) => {
        const orgId = (await ctx.org(request)).id;
        const item = await changeSource(ctx.store, orgId, request.params.id, request.body);
        await auditRecord(ctx, request, {
          kind: 'import',
          action: 'updated',
          subject: item.name,
          summary: `changed the scheduled source "${item.name}" (${Object.keys(request.body).join(', ') || 'nothing'})`,
        });
        await scheduler.reload();
        return getSourceItem(ctx.store, orgId, item.id, running);
      },
    );

    app.delete(
      '/sources/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: 'Remove a source and its run log; its imports stay in the history (audited)',
          params: idParams,
          response: { 204: z.null(), ...inputErrors },
        },
      },
      async (request, reply) => {
        const removed = await removeSource(ctx.store, (await ctx.org(request)).id, request.params.id);
        await auditRecord(ctx, request, {
          kind: 'import',
          action: 'deleted',
          subject: removed.name,
          summary: `removed the scheduled source "${removed.name}"`,
        });
        await scheduler.reload();
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/sources/:id/run',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: 'Run a source now (audited); 409 while it runs',
          description:
            'Answers 202 with the run once it started; with `wait=true`, 200 once it ended. Its progress and end are in GET /sources/{id}/runs.',
          params: idParams,
          querystring: z.object({ wait: z.enum(['true', 'false']).optional() }),
          response: {
            200: sourceRunSchema,
            202: z.object({ runId: z.number() }),
            ...inputErrors,
            409: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const orgId = (await ctx.org(request)).id;
        const source = await getSourceItem(ctx.store, orgId, request.params.id);
        const { started, ended } = scheduler.run(source.id, 'manual');
        const runId = await started;
        if (runId === null)
          throw new DomainError('busy', `source "${source.name}" is running now: wait for its end`, {
            params: { source: source.id },
          });
        await auditRecord(ctx, request, {
          kind: 'import',
          action: 'run',
          subject: source.name,
          summary: `ran the scheduled source "${source.name}" now`,
        });
        if (request.query.wait !== 'true') return reply.code(202).send({ runId });
        await ended;
        const run = (await sourceRuns(ctx.store, orgId, source.id)).find((r) => r.id === runId);
        return run;
      },
    );

    app.get(
      '/sources/:id/runs',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['imports'],
          summary: "A source's last 50 runs, newest first",
          params: idParams,
          response: { 200: z.object({ runs: z.array(sourceRunSchema) }), ...inputErrors },
        },
      },
      async (request) => ({
        runs: await sourceRuns(ctx.store, (await ctx.org(request)).id, request.params.id),
      }),
    );
  };
}
