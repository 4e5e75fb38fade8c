import fastifyRateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import { DomainError } from '../../core/errors.ts';
import { hashSecret } from '../../services/access/secrets.ts';

const MINUTE = 60_000;

/**
 * How often one client may call what is worth guessing at (`config.rateLimit` of a route): counted
 * per IP address (the client's, behind UDN_TRUST_PROXY).
 */
export const RATE_LIMITS = {
  /** Sign-in attempts of any outcome; wrong passwords are counted apart (SignInGuard). */
  signIn: { max: 60, timeWindow: MINUTE },
  passwordReset: { max: 5, timeWindow: MINUTE },
  setup: { max: 10, timeWindow: MINUTE },
  invitation: { max: 10, timeWindow: MINUTE },
  tokenCreation: { max: 10, timeWindow: MINUTE },
  shareRead: { max: 600, timeWindow: MINUTE },
  /** Everything else of better-auth (sessions, two-factor, OIDC callbacks). */
  auth: { max: 300, timeWindow: MINUTE },
} as const satisfies Record<string, RateLimitOptions>;

/** Requests one API token may make a minute, all routes together (UDN_TOKEN_RATE_LIMIT; 0: no limit). */
export const TOKEN_REQUESTS_PER_MINUTE = 1200;

/** UDN_TOKEN_RATE_LIMIT: requests a minute per token, 0 for none; unset, TOKEN_REQUESTS_PER_MINUTE. */
export function tokenLimitFromEnv(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return TOKEN_REQUESTS_PER_MINUTE;
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new Error(
      `UDN_TOKEN_RATE_LIMIT must be a whole number of requests a minute (0: no limit), not "${text}"`,
    );
  return limit;
}

const limited = (retryAfterS: number, what: string) =>
  new DomainError('rate_limited', `too many ${what}: try again in ${retryAfterS} s`, {
    params: { retry_after_s: retryAfterS },
  });

/**
 * @fastify/rate-limit for the routes that opt in with `config.rateLimit` (global: false), answering
 * 429 with Retry-After in UDN's error shape; and a limit per API token on the whole API, keyed by
 * a prefix of the token's hash (never the token itself).
 */
export async function registerRateLimits(
  app: FastifyInstance,
  tokenRequestsPerMinute = TOKEN_REQUESTS_PER_MINUTE,
): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      limited(Math.max(1, Math.ceil(context.ttl / 1000)), 'requests'),
  });
  if (tokenRequestsPerMinute === 0) return;
  const perToken = app.rateLimit({
    max: tokenRequestsPerMinute,
    timeWindow: MINUTE,
    keyGenerator: (request) =>
      `token:${hashSecret(bearerOf(request.headers.authorization) ?? '').slice(0, 16)}`,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v1') || bearerOf(request.headers.authorization) === undefined) return;
    await perToken.call(app, request, reply);
  });
}

const bearerOf = (header: string | undefined): string | undefined =>
  header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];

interface Failures {
  /** When each recent wrong password was given (ms). */
  at: number[];
  /** Locked until then (ms), 0 when not. */
  lockedUntil: number;
  /** How many times it was locked lately: each lock lasts twice the one before. */
  locks: number;
}

export interface SignInGuardOptions {
  /** Wrong passwords within `windowMs` that lock the address or IP. */
  maxFailures?: number;
  windowMs?: number;
  /** The first lock's length; each next lock doubles it, up to `maxLockMs`. */
  lockMs?: number;
  maxLockMs?: number;
  now?: () => number;
}

/**
 * Back-off after wrong passwords, per e-mail address and per client IP: `maxFailures` in a
 * minute lock the address (or IP) for a minute, then two, four … up to an hour while the guessing
 * goes on; a right password clears the address's count. Kept in memory: a restart forgets it,
 * which only gives a guesser back one minute's worth of attempts.
 */
export class SignInGuard {
  private readonly entries = new LRUCache<string, Failures>({ max: 50_000, ttl: 24 * 60 * MINUTE });
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly lockMs: number;
  private readonly maxLockMs: number;
  private readonly now: () => number;

  constructor(options: SignInGuardOptions = {}) {
    this.maxFailures = options.maxFailures ?? 20;
    this.windowMs = options.windowMs ?? MINUTE;
    this.lockMs = options.lockMs ?? MINUTE;
    this.maxLockMs = options.maxLockMs ?? 60 * MINUTE;
    this.now = options.now ?? Date.now;
  }

  /** Seconds until the address or IP may try again; null when it may now. */
  retryAfterS(email: string, ip: string): number | null {
    const now = this.now();
    const until = Math.max(this.lockOf(`email:${email}`), this.lockOf(`ip:${ip}`));
    return until > now ? Math.ceil((until - now) / 1000) : null;
  }

  /** Counts a wrong password; answers the lock's length (s) when this one locked the address or IP. */
  failed(email: string, ip: string): { lockedForS: number; by: 'email' | 'ip' } | null {
    const byEmail = this.count(`email:${email}`);
    const byIp = this.count(`ip:${ip}`);
    if (byEmail !== null) return { lockedForS: byEmail, by: 'email' };
    if (byIp !== null) return { lockedForS: byIp, by: 'ip' };
    return null;
  }

  /** A right password: the address starts afresh (its lock history too). */
  succeeded(email: string): void {
    this.entries.delete(`email:${email}`);
  }

  private lockOf(key: string): number {
    return this.entries.get(key)?.lockedUntil ?? 0;
  }

  private count(key: string): number | null {
    const now = this.now();
    const entry = this.entries.get(key) ?? { at: [], lockedUntil: 0, locks: 0 };
    entry.at = entry.at.filter((t) => t > now - this.windowMs);
    entry.at.push(now);
    let locked: number | null = null;
    if (entry.at.length >= this.maxFailures && entry.lockedUntil <= now) {
      const length = Math.min(this.maxLockMs, this.lockMs * 2 ** entry.locks);
      entry.lockedUntil = now + length;
      entry.locks++;
      entry.at = [];
      locked = Math.ceil(length / 1000);
    }
    this.entries.set(key, entry);
    return locked;
  }
}

export const signInLocked = (retryAfterS: number): DomainError =>
  limited(retryAfterS, 'wrong passwords for this address or from this network');
