import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OrgRecord } from '../../db/org-repo.ts';
import { type CachedAnswer, type ContentCoding, ResponseCache } from '../response-cache.ts';
import type { ServerContext } from '../server-context.ts';

/** The best coding the client accepts (q=0 means "not this one"), or null for plain text. */
export function preferredCoding(acceptEncoding: string | undefined): ContentCoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    if (name && !refused) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

/** Sends a cached answer as is, compressed once per answer rather than once per request. */
export function sendAnswer(request: FastifyRequest, reply: unknown, answer: CachedAnswer): FastifyReply {
  const r = (reply as FastifyReply)
    .header('content-type', 'application/json; charset=utf-8')
    .header('vary', 'accept-encoding');
  const coding = answer.text.length >= 1024 ? preferredCoding(request.headers['accept-encoding']) : null;
  if (coding === null) return r.send(answer.text);
  return r.header('content-encoding', coding).send(answer.encodedAs(coding));
}

/** The answer for (org, data version, kind, query) from the cache, computed on a miss. */
export async function cachedAnswer(
  ctx: ServerContext,
  org: OrgRecord,
  kind: string,
  query: Record<string, unknown>,
  compute: () => Promise<unknown>,
): Promise<CachedAnswer> {
  return ctx.cache.answer(ResponseCache.key(org.id, org.data_version, kind, query), compute);
}
