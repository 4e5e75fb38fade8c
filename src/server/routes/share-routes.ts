import type {} from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  shareInfoSchema,
  shareLinkCreatedSchema,
  shareLinkCreateSchema,
  shareLinkListSchema,
  shareLinkSchema,
} from '../../core/contracts/share-links.ts';
import { recordAudit } from '../../services/access/audit.ts';
import {
  createShareLink,
  revokeShareLinkOf,
  shareInfoOf,
  shareLinksOf,
} from '../../services/access/share-links.ts';
import { principalOf } from '../access/route-guard.ts';
import { endShareStreams, limitShareCreation } from '../access/share-link.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Per address: managing links is a handful of clicks; a TV asks /share about once per rotation. */
const MANAGE_LIMIT = { max: 60, timeWindow: 60_000 };
const INFO_LIMIT = { max: 120, timeWindow: 60_000 };

const dashboardList = (ids: readonly number[]) => ids.join(', ');

/** Share links for office TVs: made and revoked by dashboard editors, read by the kiosk. */
export function shareRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/share-links',
      {
        config: { access: 'write', rateLimit: MANAGE_LIMIT },
        schema: {
          tags: ['share links'],
          summary: 'Share links: all of the organisation for admins, else the ones you made',
          description: 'Secrets are never listed: `prefix` is their first characters.',
          response: { 200: shareLinkListSchema },
        },
      },
      async (request) => ({ links: await shareLinksOf(ctx.store, principalOf(request)) }),
    );

    app.post(
      '/share-links',
      {
        // Limited per person by limitShareCreation (SHARE_CREATIONS_PER_MINUTE).
        config: { access: 'write' },
        schema: {
          tags: ['share links'],
          summary: 'Share dashboards on a TV: a secret read-only link',
          description:
            'The dashboards must exist and be yours to edit. `url` (`/tv/<secret>`) is shown in this answer only; the link rotates through `dashboardIds` every `rotateSeconds` and stops working at `expiresAt` (or when revoked).',
          body: shareLinkCreateSchema,
          response: { 201: shareLinkCreatedSchema, 400: apiErrorSchema, 403: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        await limitShareCreation(ctx, request);
        const { secret, link } = await createShareLink(ctx.store, principal, request.body);
        await recordAudit(ctx.store, {
          orgId: principal.orgId,
          actor: principal,
          ip: request.ip,
          kind: 'share_link',
          action: 'created',
          subject: String(link.id),
          summary: `shared dashboards ${dashboardList(link.dashboardIds)} on a TV as "${link.name}"`,
          after: link,
        });
        return reply.code(201).send({ link, url: `/tv/${secret}` });
      },
    );

    app.delete(
      '/share-links/:id',
      {
        config: { access: 'write', rateLimit: MANAGE_LIMIT },
        schema: {
          tags: ['share links'],
          summary: 'Revoke a share link: it stops working at once (open TVs included)',
          params: idParams,
          response: { 200: shareLinkSchema, 403: apiErrorSchema, 404: apiErrorSchema },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const { link, changed } = await revokeShareLinkOf(ctx.store, principal, request.params.id);
        if (changed) {
          endShareStreams(ctx, link.id);
          ctx.tell({ t: 'share-revoked', link: link.id });
          await recordAudit(ctx.store, {
            orgId: principal.orgId,
            actor: principal,
            ip: request.ip,
            kind: 'share_link',
            action: 'revoked',
            subject: String(link.id),
            summary: `revoked share link "${link.name}"`,
            before: { ...link, revokedAt: null },
            after: link,
          });
        }
        return link;
      },
    );

    app.get(
      '/share',
      {
        config: { access: 'share-read', rateLimit: INFO_LIMIT },
        schema: {
          tags: ['share links'],
          summary: "A share link's own description: what the kiosk rotates through",
          description: "Called with the link's secret in header `x-udn-share`.",
          response: { 200: shareInfoSchema, 401: apiErrorSchema, 403: apiErrorSchema },
        },
      },
      async (request) => shareInfoOf(ctx.store, principalOf(request)),
    );
  };
}
