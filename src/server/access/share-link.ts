import type { ServerResponse } from 'node:http';
import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SHARE_HEADER } from '../../core/contracts/share-links.ts';
import { DomainError } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import {
  principalOfShareLink,
  ShareLinkUse,
  shareAllowsDashboard,
} from '../../services/access/share-links.ts';
import type { ServerContext } from '../server-context.ts';
import type { PrincipalResolver } from './route-guard.ts';

/** Requests one link may make a minute, all its TVs together: a TV asks a few dozen per dashboard shown. */
export const SHARE_READS_PER_MINUTE = 1200;
/** Unknown, revoked or expired secrets one address may try a minute before it is refused with 429. */
export const SHARE_FAILURES_PER_MINUTE = 30;
/** Links one person may make a minute. */
export const SHARE_CREATIONS_PER_MINUTE = 20;

/** The only route a secret may travel in the query string on: EventSource cannot send headers. */
const EVENTS_ROUTE = '/api/v1/events';
/** The one route that names a dashboard a link may read. */
const DASHBOARD_ROUTE = '/api/v1/dashboards/:id';

/**
 * The share secret a request carries: header `x-udn-share`, or `?share=` on GET /api/v1/events.
 * Anywhere else the query is ignored, so a secret pasted into another URL does not work (nor end
 * up in more logs than it must).
 */
export function shareSecretOf(request: FastifyRequest): string | undefined {
  const header = request.headers[SHARE_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && value !== '') return value.trim();
  if (request.method === 'GET' && request.routeOptions.url === EVENTS_ROUTE) {
    const query = request.query as Record<string, unknown> | undefined;
    const share = query?.share;
    if (typeof share === 'string' && share !== '') return share;
  }
  return undefined;
}

/**
 * A URL with any share secret it carries cut to its prefix (`/tv/udn_tv_…`, `?share=udn_tv_…`), for
 * request logs: a secret is never logged.
 */
export function redactShareSecret(url: string): string {
  return url
    .replace(/^\/tv\/([^/?#]{0,7})[^/?#]*/, '/tv/$1…')
    .replace(/([?&]share=)([^&#]{0,7})[^&#]*/g, '$1$2…');
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * The rate limiters of share links, made by @fastify/rate-limit on first use (the plugin is
 * registered once for the server, by the sign-in hardening): without it there is nothing to count
 * with, and nothing is limited.
 */
function limiters(app: FastifyInstance) {
  let made: { reads: Limiter; failures: Limiter; creations: Limiter } | null | undefined;
  return () => {
    if (made === undefined) {
      made = app.hasDecorator('createRateLimit')
        ? {
            reads: app.createRateLimit({
              max: SHARE_READS_PER_MINUTE,
              timeWindow: 60_000,
              keyGenerator: (request) => `share-link:${request.principal?.share?.id ?? 0}`,
            }),
            failures: app.createRateLimit({ max: SHARE_FAILURES_PER_MINUTE, timeWindow: 60_000 }),
            // Per person, whether by session or token (a token's own API limit would hide a route's).
            creations: app.createRateLimit({
              max: SHARE_CREATIONS_PER_MINUTE,
              timeWindow: 60_000,
              keyGenerator: (request) => `share-creator:${request.principal?.userId ?? request.ip}`,
            }),
          }
        : null;
    }
    return made;
  };
}

async function enforce(limiter: Limiter, request: FastifyRequest, what: string): Promise<void> {
  const outcome = await limiter(request);
  if (!outcome.isAllowed && outcome.isExceeded) {
    throw new DomainError(
      'rate_limited',
      `too many requests ${what}: try again in ${outcome.ttlInSeconds} s`,
      {
        params: { retry_after_s: outcome.ttlInSeconds },
      },
    );
  }
}

/** `x-udn-share: udn_tv_…`: a share link (services/access/share-links.ts). */
export function shareLinkResolver(
  store: Store,
  use?: ShareLinkUse,
  onInvalid: (request: FastifyRequest) => Promise<void> = async () => {},
): PrincipalResolver {
  return async (request) => {
    const secret = shareSecretOf(request);
    if (secret === undefined) return undefined;
    const principal = await principalOfShareLink(store, secret, use);
    if (!principal) await onInvalid(request);
    return principal;
  };
}

/** The event streams open per link, ended when the link is revoked. */
const streamsByServer = new WeakMap<ServerContext, Map<number, Set<ServerResponse>>>();
const limitsByServer = new WeakMap<ServerContext, ReturnType<typeof limiters>>();

/** Refuses with 429 a person who makes links faster than SHARE_CREATIONS_PER_MINUTE. */
export async function limitShareCreation(ctx: ServerContext, request: FastifyRequest): Promise<void> {
  const made = limitsByServer.get(ctx)?.();
  if (made) await enforce(made.creations, request, 'share links made');
}

/**
 * Ends the live streams a link holds open, right after it is revoked: each TV's EventSource then
 * reconnects, is refused (401), and the kiosk says the link no longer works.
 */
export function endShareStreams(ctx: ServerContext, linkId: number): void {
  const streams = streamsByServer.get(ctx)?.get(linkId);
  if (!streams) return;
  for (const res of streams) res.end();
}

/** Not indexed, and the URL (which holds the secret) never sent on as a Referer. */
export function setShareHeaders(reply: FastifyReply): void {
  reply.header('x-robots-tag', 'noindex, nofollow');
  reply.header('referrer-policy', 'no-referrer');
}

/**
 * Lets share links in: their resolver asked after the others, their answers marked not to be
 * indexed nor to leak a Referer, their reads limited per link and wrong secrets per address, the
 * dashboards they read kept to those they name, and their event streams remembered so a revocation
 * ends them. Called once, when the app is built
 * (after the route guard, whose principal the hooks read).
 */
export function installShareLinks(app: FastifyInstance, ctx: ServerContext): void {
  const limits = limiters(app);
  limitsByServer.set(ctx, limits);
  const streams = new Map<number, Set<ServerResponse>>();
  streamsByServer.set(ctx, streams);
  const use = new ShareLinkUse(ctx.store);
  app.addHook('onClose', async () => use.close());
  ctx.principals.push(
    shareLinkResolver(ctx.store, use, async (request) => {
      const made = limits();
      if (made) await enforce(made.failures, request, 'with share links that do not work');
    }),
  );
  app.addHook('onRequest', async (request, reply) => {
    const share = request.principal?.via === 'share' ? request.principal.share : null;
    if (!share) return;
    // The event stream writes its own head: headers set on the raw response are merged into it.
    reply.raw.setHeader('x-robots-tag', 'noindex, nofollow');
    reply.raw.setHeader('referrer-policy', 'no-referrer');
    const made = limits();
    if (made) await enforce(made.reads, request, 'through this share link');
    if (request.routeOptions.url === DASHBOARD_ROUTE) {
      const id = Number((request.params as { id?: string }).id);
      if (!shareAllowsDashboard(request.principal!, id)) {
        throw new DomainError('forbidden', 'this share link does not show that dashboard', {
          params: { entity: 'dashboard', id },
        });
      }
    }
    if (request.routeOptions.url === EVENTS_ROUTE) {
      const open = streams.get(share.id) ?? new Set<ServerResponse>();
      streams.set(share.id, open);
      open.add(reply.raw);
      reply.raw.on('close', () => {
        open.delete(reply.raw);
        if (open.size === 0) streams.delete(share.id);
      });
    }
  });
  // Refusals too (401 for a revoked link, 403, 429) carry the headers.
  app.addHook('onSend', async (request, reply) => {
    if (shareSecretOf(request) !== undefined) setShareHeaders(reply);
  });
}
