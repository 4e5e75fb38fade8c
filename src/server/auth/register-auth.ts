import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLIENT_IP_HEADER, createAuth, SESSION_COOKIE, type UdnAuth } from '../../auth/auth-instance.ts';
import type { AuthPluginOptions } from '../../auth/auth-plugins.ts';
import { serverSecret } from '../../auth/server-secret.ts';
import type { SsoSummary } from '../../core/contracts/access.ts';
import { membershipsOf } from '../../db/members-repo.ts';
import { findUserByEmail, normalEmail } from '../../db/users-repo.ts';
import { recordAudit } from '../../services/access/audit.ts';
import { memberChanged } from '../../services/access/principal-changes.ts';
import { meRoutes } from '../routes/me-routes.ts';
import { setupRoutes } from '../routes/setup-routes.ts';
import { registerCsrf } from '../security/csrf.ts';
import {
  RATE_LIMITS,
  registerRateLimits,
  SignInGuard,
  signInLocked,
  tokenLimitFromEnv,
} from '../security/rate-limits.ts';
import type { ServerContext } from '../server-context.ts';
import { sessionResolver, VIEW_AS_COOKIE } from './session-resolver.ts';

export interface RegisterAuthOptions {
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  /** Whether Fastify trusts a proxy (UDN_TRUST_PROXY): better-auth then reads X-Forwarded-Host/-Proto too. */
  trustProxy: boolean;
  /** UDN_PUBLIC_URL; default the environment's. */
  publicUrl?: string | undefined;
  /** What sso's plugins need; and what `/api/v1/me` says of single sign-on. */
  plugins?: Omit<AuthPluginOptions, 'baseURL' | 'store'>;
  sso?: SsoSummary;
  /** Requests a minute per API token; default UDN_TOKEN_RATE_LIMIT, else 1200 (0: no limit). */
  tokenRequestsPerMinute?: number;
  /** Wrong-password back-off (tests shorten it). */
  signInGuard?: SignInGuard;
}

const AUTH_BASE = '/api/auth';

/** Endpoints after which a person's cached sessions must be looked up again. */
const ENDS_SESSIONS = new Set([
  '/sign-out',
  '/revoke-session',
  '/revoke-sessions',
  '/revoke-other-sessions',
  '/change-password',
  '/update-user',
  '/two-factor/enable',
  '/two-factor/disable',
]);

/** The steps after which a sign-in that did not end at /sign-in/email is complete: a code, single sign-on. */
const FINISHES_SIGN_IN = /^\/(two-factor\/verify-[a-z-]+|oauth2\/callback\/[^/]+|callback\/[^/]+)$/;

const auths = new WeakMap<FastifyInstance, UdnAuth>();

/** The better-auth instance of an app (sso and members call its api). */
export function authOf(app: FastifyInstance): UdnAuth {
  const auth = auths.get(app);
  if (!auth) throw new Error('registerAuth has not run on this app');
  return auth;
}

/**
 * Accounts and sessions: the server's secret, better-auth mounted at /api/auth/*, the session
 * cookie's resolver (after the bearer token's), CSRF tokens for cookie-authenticated changes, rate
 * limits, and the UDN endpoints of setup, `me` and "view as".
 */
export async function registerAuth(
  app: FastifyInstance,
  ctx: ServerContext,
  options: RegisterAuthOptions,
): Promise<UdnAuth> {
  const secret = await serverSecret(ctx.store);
  const auth = createAuth(ctx.store, {
    secret,
    publicUrl: options.publicUrl ?? process.env.UDN_PUBLIC_URL,
    allowedHosts: options.allowedHosts,
    allowedOrigins: options.allowedOrigins,
    trustProxy: options.trustProxy,
    ...(options.plugins ? { plugins: options.plugins } : {}),
  });
  auths.set(app, auth);
  await app.register(fastifyCookie);
  await registerRateLimits(
    app,
    options.tokenRequestsPerMinute ?? tokenLimitFromEnv(process.env.UDN_TOKEN_RATE_LIMIT),
  );
  await registerCsrf(app);
  const sessions = sessionResolver(app, ctx.store, auth);
  ctx.principals.push(sessions.resolver);
  const guard = options.signInGuard ?? new SignInGuard();

  await app.register(async (scope) => {
    // better-auth reads the body itself (JSON, forms of OIDC callbacks): it gets the bytes as sent.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.route({
      method: ['GET', 'POST'],
      url: `${AUTH_BASE}/*`,
      config: {
        access: 'public',
        rateLimit: {
          max: (request) => limitOf(pathOf(request)).max,
          timeWindow: 60_000,
          keyGenerator: (request) => `${request.ip}|${bucketOf(pathOf(request))}`,
        },
      },
      handler: async (request, reply) => {
        const path = pathOf(request);
        if (path === '/sign-in/email') return signIn(request, reply);
        const endsFor = ENDS_SESSIONS.has(path) ? sessionOfCookie(request) : undefined;
        const response = await auth.handler(toWebRequest(request));
        // "View as" ends with the session: the next person signing in here starts as themselves.
        if (path === '/sign-out') reply.clearCookie(VIEW_AS_COOKIE, { path: '/' });
        if (path === '/reset-password') await memberChanged(ctx.store);
        else if (endsFor) await memberChanged(ctx.store, endsFor);
        // Confirming a code while signed in (turning two-factor on) is no sign-in.
        if (FINISHES_SIGN_IN.test(path) && !request.principal)
          await auditFinishedSignIn(request, response, path);
        return sendResponse(request, reply, response);
      },
    });
  });

  const sessionOfCookie = (request: FastifyRequest): string | undefined =>
    request.principal?.viewAs?.actorUserId ?? request.principal?.userId ?? undefined;

  /**
   * A two-factor code or a single sign-on callback that started a session is a sign-in: audited
   * with the person the new session belongs to. A wrong two-factor code is a failed one.
   */
  async function auditFinishedSignIn(request: FastifyRequest, response: Response, path: string) {
    const how = path.startsWith('/two-factor') ? 'two-factor code' : 'single sign-on';
    const cookie = response.headers
      .getSetCookie()
      .find(
        (c) =>
          c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`) && !/max-age=0/i.test(c),
      );
    if (!cookie) {
      if (response.status === 401 || response.status === 400) {
        await recordAudit(ctx.store, {
          orgId: null,
          actor: null,
          ip: request.ip,
          kind: 'sign_in',
          action: 'failed',
          summary: `failed sign-in: wrong or expired ${how}`,
        });
      }
      return;
    }
    const found = await auth.api.getSession({
      headers: new Headers({ cookie: cookie.split(';')[0]!, host: request.host }),
      query: { disableRefresh: true },
    });
    if (!found) return;
    const orgId = (await membershipsOf(ctx.store.db, found.user.id))[0]?.orgId ?? null;
    await recordAudit(ctx.store, {
      orgId,
      actor: { email: found.user.email },
      ip: request.ip,
      kind: 'sign_in',
      action: 'signed_in',
      subject: found.user.id,
      summary: `${found.user.email} signed in (${how})`,
    });
  }

  /** Sign-in with the back-off in front and the audit behind: who signed in or failed, from where. */
  async function signIn(request: FastifyRequest, reply: FastifyReply) {
    const email = emailOf(request.body);
    const ip = request.ip;
    const wait = guard.retryAfterS(email, ip);
    if (wait !== null) throw signInLocked(wait);
    const response = await auth.handler(toWebRequest(request));
    const known = email === '' ? undefined : await findUserByEmail(ctx.store.db, email);
    const orgId = known ? ((await membershipsOf(ctx.store.db, known.id))[0]?.orgId ?? null) : null;
    if (response.ok) {
      guard.succeeded(email);
      const twoFactor = response.headers.get('content-type')?.includes('json')
        ? ((await response.clone().json()) as { twoFactorRedirect?: boolean }).twoFactorRedirect === true
        : false;
      await recordAudit(ctx.store, {
        orgId,
        actor: { email },
        ip,
        kind: 'sign_in',
        action: twoFactor ? 'password_accepted' : 'signed_in',
        subject: known?.id ?? null,
        summary: twoFactor
          ? `${email}: password accepted, waiting for the two-factor code`
          : `${email} signed in`,
      });
    } else if (response.status === 401) {
      const locked = guard.failed(email, ip);
      await recordAudit(ctx.store, {
        orgId,
        actor: { email },
        ip,
        kind: 'sign_in',
        action: 'failed',
        subject: known?.id ?? null,
        summary: `failed sign-in for ${email || '(no address)'}${known ? '' : ' (no such person)'}`,
      });
      if (locked) {
        await recordAudit(ctx.store, {
          orgId,
          actor: { email },
          ip,
          kind: 'sign_in',
          action: 'locked',
          subject: known?.id ?? null,
          summary: `too many wrong passwords ${locked.by === 'email' ? `for ${email}` : `from ${ip}`}: sign-in locked for ${locked.lockedForS} s`,
        });
      }
    }
    return sendResponse(request, reply, response);
  }

  await app.register(meRoutes(ctx, sessions, options.sso ?? { enabled: false, name: null }), {
    prefix: '/api/v1',
  });
  await app.register(setupRoutes(ctx), { prefix: '/api/v1' });
  return auth;
}

const pathOf = (request: FastifyRequest): string => {
  const path = request.url.split('?')[0] ?? '';
  return path.startsWith(AUTH_BASE) ? path.slice(AUTH_BASE.length) : path;
};

const bucketOf = (path: string): keyof typeof RATE_LIMITS =>
  path.startsWith('/sign-in')
    ? 'signIn'
    : path === '/request-password-reset' || path === '/reset-password' || path.startsWith('/forget-password')
      ? 'passwordReset'
      : 'auth';

const limitOf = (path: string) => RATE_LIMITS[bucketOf(path)];

const emailOf = (body: unknown): string => {
  if (!Buffer.isBuffer(body)) return '';
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { email?: unknown };
    return typeof parsed.email === 'string' ? normalEmail(parsed.email) : '';
  } catch {
    return '';
  }
};

/** The Fastify request as the Web Request better-auth's handler takes, the client's IP attached. */
function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === CLIENT_IP_HEADER) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  headers.set(CLIENT_IP_HEADER, request.ip);
  const body = Buffer.isBuffer(request.body) && request.body.length > 0 ? request.body : undefined;
  return new Request(`${request.protocol}://${request.host}${request.url}`, {
    method: request.method,
    headers,
    ...(body ? { body: new Uint8Array(body) } : {}),
  });
}

/** better-auth's Response sent back through Fastify: status, headers, every Set-Cookie, body. */
async function sendResponse(request: FastifyRequest, reply: FastifyReply, response: Response) {
  reply.code(response.status);
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie' || name === 'content-length' || name === 'content-encoding') continue;
    reply.header(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) {
    // Over HTTPS (directly or behind a trusted proxy) the session cookie is Secure.
    const secure = request.protocol === 'https';
    reply.header(
      'set-cookie',
      cookies.map((cookie) => (secure && !/;\s*secure/i.test(cookie) ? `${cookie}; Secure` : cookie)),
    );
  }
  const body = Buffer.from(await response.arrayBuffer());
  const json = response.headers.get('content-type')?.includes('application/json')
    ? hideSessionTokens(body)
    : null;
  return reply.send(json ?? body);
}

/**
 * better-auth answers sign-in and get-session with the session token in the JSON too (for clients
 * that keep it themselves). UDN's session lives in an HttpOnly cookie: a token in the body would
 * hand it to any script on the page, so it is taken out. null when there is nothing to take out.
 */
function hideSessionTokens(body: Buffer): Buffer | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const answer = parsed as { token?: unknown; session?: { token?: unknown } | null };
  const session = answer.session;
  const inSession = typeof session === 'object' && session !== null && 'token' in session;
  if (!('token' in answer) && !inSession) return null;
  delete answer.token;
  if (inSession) delete session.token;
  return Buffer.from(JSON.stringify(answer), 'utf8');
}
