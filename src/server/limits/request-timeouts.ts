import type { ServerOptions } from 'node:http';

export interface RequestTimeouts {
  /** Time to receive a request's headers (ms). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (ms): long enough for the largest upload on a LAN. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests (ms). */
  keepAliveTimeoutMs: number;
  /** A body that sends nothing for this long is cut off; also the grace before the rate is checked (ms). */
  bodyTimeoutMs: number;
  /** After the grace period, a body arriving slower than this on average is cut off (bytes/s). */
  minBodyBytesPerSecond: number;
}

export const DEFAULT_TIMEOUTS: RequestTimeouts = {
  headersTimeoutMs: 15_000,
  // 512 MB at 1 MB/s, with room to spare.
  requestTimeoutMs: 10 * 60_000,
  // Fastify's default. Shorter ones race the browser: Chrome reuses an idle connection just as the
  // server closes it, and a write sent on it fails (the dashboard layout test caught that at 10 s).
  keepAliveTimeoutMs: 72_000,
  bodyTimeoutMs: 20_000,
  // 8 kB/s: a phone on a poor link still uploads a small CSV; a client dripping bytes does not hold a socket.
  minBodyBytesPerSecond: 8 * 1024,
};

const ENV_NAMES: Record<keyof RequestTimeouts, string> = {
  headersTimeoutMs: 'UDN_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'UDN_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'UDN_KEEP_ALIVE_TIMEOUT_MS',
  bodyTimeoutMs: 'UDN_BODY_TIMEOUT_MS',
  minBodyBytesPerSecond: 'UDN_MIN_BODY_RATE',
};

/** The timeouts set in the environment (UDN_REQUEST_TIMEOUT_MS …); a value that is not a positive integer is an error. */
export function timeoutsFromEnv(env: NodeJS.ProcessEnv): Partial<RequestTimeouts> {
  const result: Partial<RequestTimeouts> = {};
  for (const [key, name] of Object.entries(ENV_NAMES) as [keyof RequestTimeouts, string][]) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`${name} must be a positive whole number, not "${text}"`);
    }
    result[key] = value;
  }
  return result;
}

/**
 * Fastify's part of the timeouts: Node's http server checks headersTimeout and requestTimeout
 * every `connectionsCheckingInterval`, which is made a fraction of the headers timeout so a
 * trickling client is cut off close to it (Node's default checks every 30 s).
 */
export function serverTimeoutOptions(timeouts: RequestTimeouts): {
  requestTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
} {
  const requestTimeout = Math.max(timeouts.requestTimeoutMs, timeouts.headersTimeoutMs);
  return {
    requestTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout,
      connectionsCheckingInterval: Math.min(5000, Math.max(100, Math.floor(timeouts.headersTimeoutMs / 4))),
    },
  };
}
