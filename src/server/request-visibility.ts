import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { type RepVisibility, visibilityKey } from '../core/access/visibility.ts';
import type { OrgRecord } from '../db/org-repo.ts';
import { visibilityOf } from '../services/kpis/rep-visibility.ts';
import { principalOf } from './access/route-guard.ts';
import type { ServerContext } from './server-context.ts';

/** Which reps' individual numbers the request's principal may see in `org`. */
export const requestVisibility = (
  ctx: ServerContext,
  request: FastifyRequest,
  org: OrgRecord,
): Promise<RepVisibility> => visibilityOf(ctx.store, org, principalOf(request));

/**
 * The visibility's part of an answer's cache key: two requests share a cached answer only when
 * they see the same reps. A manager of large teams would make a long key; its digest is as good.
 */
export function visibilityCacheKey(visibility: RepVisibility): string {
  const key = visibilityKey(visibility);
  return key.length <= 64 ? key : `sha256:${createHash('sha256').update(key).digest('base64url')}`;
}
