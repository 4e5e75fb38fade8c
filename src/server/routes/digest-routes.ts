import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Mailer } from '../../auth/mailer.ts';
import {
  digestInputSchema,
  digestListSchema,
  digestPatchSchema,
  digestSchema,
  digestSendResultSchema,
} from '../../core/contracts/digests.ts';
import { canEditDigest } from '../../core/digests/digest-access.ts';
import { forbidden } from '../../core/errors.ts';
import {
  buildDigestMail,
  type DigestRender,
  periodAt,
  sendStoredDigest,
} from '../../services/digests/digest-send.ts';
import {
  changeDigest,
  createDigest,
  digestView,
  listDigestViews,
  removeDigest,
  visibleDigest,
} from '../../services/digests/digests-service.ts';
import { publicUrlOf } from '../../services/digests/public-url.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema, inputErrors } from '../openapi-schemas.ts';
import { periodOf } from '../request-period.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export interface DigestRouteOptions {
  /** The SMTP mailer in force (UDN_SMTP_URL, else the settings page's); null when none is configured. */
  mailer: () => Mailer | null | Promise<Mailer | null>;
  /** Where links in the mail point; default UDN_PUBLIC_URL, else the request's own origin. */
  publicUrl?: string;
  render?: DigestRender;
}

/** Scheduled digests (docs/digests.md): a dashboard or "My week" by e-mail, daily, weekly or monthly. */
export function digestRoutes(ctx: ServerContext, options: DigestRouteOptions): FastifyPluginAsyncZod {
  const render = async (): Promise<DigestRender> =>
    options.render ?? (await import('../../services/digests/render-adapter.ts')).renderService;
  const publicUrl = (request: { protocol: string; host: string }): string =>
    options.publicUrl ??
    (process.env.UDN_PUBLIC_URL?.trim() ? publicUrlOf() : `${request.protocol}://${request.host}`);

  return async (app) => {
    app.get(
      '/digests',
      {
        config: { access: 'read' },
        schema: {
          tags: ['digests'],
          summary: 'The digests the caller made or receives (admins: all)',
          response: { 200: digestListSchema },
        },
      },
      async (request) => ({
        digests: await listDigestViews(ctx.store, await ctx.org(request), principalOf(request)),
      }),
    );

    app.post(
      '/digests',
      {
        config: { access: 'write' },
        schema: {
          tags: ['digests'],
          summary: 'Schedule a digest',
          description:
            'Admins send to anyone (plain addresses get a viewer’s view: aggregates only); managers to themselves, the teams they manage and their members; reps only to themselves. `day` is 1 (Monday)–7 for weekly, 1–28 for monthly; `localTime` HH:MM in the organisation’s zone.',
          body: digestInputSchema,
          response: { 201: digestSchema, 400: apiErrorSchema, 403: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const digest = await createDigest(
          ctx.store,
          await ctx.org(request),
          request.body,
          principalOf(request),
        );
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'created',
          subject: `digest:${digest.id}`,
          summary: `scheduled digest "${digest.name}" (${digest.frequency} at ${digest.localTime})`,
          after: request.body,
        });
        return reply.code(201).send(digest);
      },
    );

    app.get(
      '/digests/:id',
      {
        config: { access: 'read' },
        schema: {
          tags: ['digests'],
          summary: 'One digest, with its next send time and last outcome',
          params: idParams,
          response: { 200: digestSchema, 404: apiErrorSchema },
        },
      },
      async (request) =>
        digestView(ctx.store, await ctx.org(request), request.params.id, principalOf(request)),
    );

    app.patch(
      '/digests/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['digests'],
          summary: 'Change a digest (its maker or an admin); the schedule moves with it',
          params: idParams,
          body: digestPatchSchema,
          response: { 200: digestSchema, ...inputErrors, 403: apiErrorSchema },
        },
      },
      async (request) => {
        const { before, after } = await changeDigest(
          ctx.store,
          await ctx.org(request),
          request.params.id,
          request.body,
          principalOf(request),
        );
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'updated',
          subject: `digest:${after.id}`,
          summary: `changed digest "${after.name}" (${Object.keys(request.body).join(', ') || 'nothing'})`,
          before,
          after: request.body,
        });
        return after;
      },
    );

    app.delete(
      '/digests/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['digests'],
          summary: 'Delete a digest (its maker or an admin)',
          params: idParams,
          response: { 204: z.null().describe('Deleted'), 403: apiErrorSchema, 404: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const digest = await removeDigest(
          ctx.store,
          await ctx.org(request),
          request.params.id,
          principalOf(request),
        );
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'deleted',
          subject: `digest:${digest.id}`,
          summary: `deleted digest "${digest.name}"`,
          before: digest,
        });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/digests/:id/send',
      {
        config: { access: 'write' },
        schema: {
          tags: ['digests'],
          summary: 'Send a digest to its recipients now; answers each recipient’s outcome',
          description:
            'Each copy is built as its recipient, for the period the schedule would report now or for `period`. An unreachable SMTP server is a `failed` outcome (recorded on the digest), not an error.',
          params: idParams,
          body: z
            .strictObject({
              /** Another period than the one the schedule would report (e.g. `2026-02`, `2026-W05`). */
              period: z.string().max(40).optional(),
            })
            .nullish(),
          response: { 200: digestSendResultSchema, ...inputErrors, 403: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const as = principalOf(request);
        const row = await visibleDigest(ctx.store, org, request.params.id, as);
        if (!canEditDigest(as, { createdBy: row.createdBy, recipients: row.input.recipients }))
          throw forbidden('only its maker and the admins may send a digest');
        const period = request.body?.period;
        const result = await sendStoredDigest(ctx.store, org, row, {
          ...(period === undefined ? {} : { period: periodOf({ period }, org).range }),
          mailer: await options.mailer(),
          publicUrl: publicUrl(request),
          now: Date.now(),
          render: await render(),
        });
        await auditRecord(ctx, request, {
          kind: 'dashboard',
          action: 'sent',
          subject: `digest:${row.id}`,
          summary: `sent digest "${row.input.name}" now: ${result.message}`,
          after: { status: result.status, period: result.period },
        });
        return result;
      },
    );

    app.get(
      '/digests/:id/preview',
      {
        config: { access: 'read' },
        schema: {
          tags: ['digests'],
          summary: 'The HTML of the caller’s own copy (charts inline as data: images)',
          description:
            'Built as the caller, for the period the digest would report if sent now, or for `period` (e.g. 2026-W48).',
          params: idParams,
          querystring: z.object({ period: z.string().max(40).optional() }),
          response: { 200: z.string().describe('text/html'), ...inputErrors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const as = principalOf(request);
        const row = await visibleDigest(ctx.store, org, request.params.id, as);
        const now = Date.now();
        const period =
          request.query.period === undefined
            ? periodAt(row.input, org, now)
            : periodOf({ period: request.query.period }, org).range;
        const mail = await buildDigestMail(
          ctx.store,
          org,
          row.input,
          {
            email: as.email ?? '',
            member:
              as.userId === null
                ? null
                : {
                    userId: as.userId,
                    email: as.email ?? '',
                    name: as.name ?? '',
                    role: as.role,
                    repId: as.repId,
                    teams: as.teams,
                  },
          },
          period,
          { publicUrl: publicUrl(request), now, render: await render() },
        );
        let html = mail.html ?? '';
        for (const a of mail.attachments ?? [])
          if (a.cid)
            html = html.replaceAll(
              `cid:${a.cid}`,
              `data:${a.contentType};base64,${a.content.toString('base64')}`,
            );
        return reply.type('text/html; charset=utf-8').send(html);
      },
    );
  };
}
