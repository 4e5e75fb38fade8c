import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../core/contracts/api.ts';
import { hostAllowed } from './allowed-hosts.ts';

export interface RequestGuardOptions {
  /** Host names (optional `:port`) this server answers to; `*` for any. */
  allowedHosts: readonly string[];
  /** Other origins (`https://intranet.example`) whose pages may write through the API. */
  allowedOrigins: readonly string[];
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A browser's origin as it sends it: scheme, host and a port only when not the default. */
const normalOrigin = (origin: string): string | null => {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
};

/** A header as the message quotes it: never more than a line's worth of someone else's bytes. */
const quoted = (value: string) => JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);

// The refused request's body is never parsed; Node drains what is left of it after the answer
// (bounded by the body and request timeouts), so the client reads the answer, not a reset.
const refuse = (reply: FastifyReply, status: number, body: ApiError): FastifyReply =>
  reply.code(status).send(body);

/**
 * Why a write is refused, or null to let it through. Browsers tell where a request comes from
 * (Origin, Sec-Fetch-Site) and a page cannot forge either; a request with neither comes from a
 * program (curl, a script, the CLI), which no web page can make a user's browser send.
 */
function crossOriginRefusal(request: FastifyRequest, allowedOrigins: readonly string[]): string | null {
  if (!UNSAFE_METHODS.has(request.method)) return null;
  const fetchSite = request.headers['sec-fetch-site'];
  const originHeader = request.headers.origin;
  const origin = originHeader === undefined ? undefined : normalOrigin(originHeader);
  const explicitlyAllowed = origin !== undefined && origin !== null && allowedOrigins.includes(origin);
  // The browser's own word that the page is this origin (or that the user typed the address):
  // trusted over Origin, which a dev proxy (Vite's, on another port) passes on unchanged.
  if (fetchSite === 'same-origin' || fetchSite === 'none') return null;
  if ((fetchSite === 'cross-site' || fetchSite === 'same-site') && !explicitlyAllowed) {
    return `a page of another site (${originHeader === undefined ? 'unknown origin' : quoted(originHeader)}) may not change data here`;
  }
  // No Fetch Metadata (an older browser): the Origin alone tells.
  if (originHeader === undefined) return null;
  // The page's host is the one the request was sent to: its own page. The scheme is not compared,
  // since behind a TLS proxy the page is https while this server sees plain http.
  const ownPage = typeof origin === 'string' && new URL(origin).host === request.host.toLowerCase();
  if (ownPage || explicitlyAllowed) return null;
  return `a page of another origin (${quoted(originHeader)}) may not change data here`;
}

/**
 * Guards every request before its body is read: a Host that is not this server's (DNS rebinding)
 * is refused with 421, a write from another origin's page with 403, so neither changes anything.
 */
export function installRequestGuards(app: FastifyInstance, options: RequestGuardOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    const host = request.host;
    if (!hostAllowed(host, options.allowedHosts)) {
      return refuse(reply, 421, {
        error: 'misdirected_request',
        message: `this server does not answer to the host name ${quoted(host)}: if it is yours, add it to UDN_ALLOWED_HOSTS (comma-separated, or * for any)`,
        field: 'host',
      });
    }
    const refusal = crossOriginRefusal(request, options.allowedOrigins);
    if (refusal !== null) {
      return refuse(reply, 403, {
        error: 'forbidden',
        message: `${refusal}; nothing was changed (to allow that origin, add it to UDN_ALLOWED_ORIGINS)`,
        field: 'origin',
      });
    }
    return undefined;
  });
}
