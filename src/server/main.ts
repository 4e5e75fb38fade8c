import type { FastifyInstance } from 'fastify';
import type { Store } from '../db/database.ts';
import { type BuildAppOptions, buildApp } from './app.ts';
import { timeoutsFromEnv } from './limits/request-timeouts.ts';
import { defaultAllowedHosts, parseAllowedHosts } from './security/allowed-hosts.ts';

export interface StartServerOptions extends Omit<BuildAppOptions, 'store' | 'lifecycle'> {
  store: Store;
  port: number;
  host: string;
  /**
   * How long a draining server keeps serving with /readyz at 503 before it stops accepting (ms):
   * a load balancer's health-check interval, so it stops sending traffic before connections are
   * refused. Default 0 (UDN_DRAIN_DELAY_MS).
   */
  drainDelayMs?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /**
   * Stops accepting requests, ends live streams, waits for answers in flight, cancels running
   * imports (nothing of them is written), then closes the store.
   */
  close(): Promise<void>;
  /** As close, but running imports are let finish (committed or refused): what SIGTERM does. */
  drain(): Promise<void>;
}

/**
 * Builds the app and listens; `close` shuts down at once and `drain` gracefully (SIGINT/SIGTERM,
 * when `handleSignals`).
 */
export async function startServer(
  options: StartServerOptions,
  handleSignals = false,
): Promise<RunningServer> {
  const { port, host, drainDelayMs = 0, ...appOptions } = options;
  const lifecycle = { draining: false };
  const app = await buildApp({
    prewarmImportThread: true,
    ...appOptions,
    lifecycle,
    allowedHosts: appOptions.allowedHosts ?? defaultAllowedHosts(host),
  });
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  // Shutdown phases are logged at warn: the level `udn serve` shows by default, and an operator
  // stopping a server wants to see what it waits for.
  const shutDown = (graceful: boolean) => {
    closing ??= (async () => {
      const { jobs, live } = app.udn;
      if (graceful) {
        lifecycle.draining = true;
        if (drainDelayMs > 0) {
          app.log.warn({ drainDelayMs }, 'draining: /readyz answers 503, still serving');
          await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
        }
        jobs.drainOnClose();
      }
      app.log.warn(
        { runningImports: jobs.running, liveStreams: live.size },
        graceful
          ? 'draining: no new connections; live streams told to reconnect; finishing requests in flight and running imports'
          : 'closing: no new connections; finishing requests in flight; cancelling running imports',
      );
      // Fastify: preClose ends the live streams, the listener closes and waits for requests in
      // flight, then the onClose hooks wait for the import jobs.
      await app.close();
      app.log.warn('closed: requests and imports finished; closing the store');
      await options.store.close();
    })();
    return closing;
  };
  if (handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      app.log.warn(`${signal}: shutting down gracefully (a second signal exits at once)`);
      const now = (second: NodeJS.Signals) => {
        process.stderr.write(`udn: ${second} while shutting down: exiting now\n`);
        process.exit(1);
      };
      process.once('SIGINT', now);
      process.once('SIGTERM', now);
      shutDown(true).then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`udn: shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return {
    app,
    url: `http://${shownHost}:${actualPort}`,
    close: () => shutDown(false),
    drain: () => shutDown(true),
  };
}

/**
 * The server settings read from the environment: UDN_ALLOWED_HOSTS (in place of the names the bound
 * address gives, loopback kept), UDN_ALLOWED_ORIGINS (both comma-separated) and the timeouts (UDN_REQUEST_TIMEOUT_MS …). Unset ones keep their defaults.
 */
export function serverOptionsFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<
  StartServerOptions,
  'allowedHosts' | 'allowedOrigins' | 'timeouts' | 'trustProxy' | 'uploadLimitBytes' | 'drainDelayMs'
> {
  const listed = parseAllowedHosts(env.UDN_ALLOWED_HOSTS);
  // The loopback names stay allowed: no page of another site can make a browser send them.
  const allowedHosts = listed && [...defaultAllowedHosts(), ...listed];
  const allowedOrigins = parseAllowedHosts(env.UDN_ALLOWED_ORIGINS)?.map((origin) =>
    origin.replace(/\/+$/, ''),
  );
  const trustProxy = parseTrustProxy(env.UDN_TRUST_PROXY);
  const uploadLimitBytes = parseBytes('UDN_UPLOAD_LIMIT_BYTES', env.UDN_UPLOAD_LIMIT_BYTES);
  const drainDelayMs = parseMs('UDN_DRAIN_DELAY_MS', env.UDN_DRAIN_DELAY_MS);
  return {
    ...(drainDelayMs !== undefined ? { drainDelayMs } : {}),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    ...(uploadLimitBytes !== undefined ? { uploadLimitBytes } : {}),
    ...(allowedHosts ? { allowedHosts } : {}),
    ...(allowedOrigins ? { allowedOrigins } : {}),
    timeouts: timeoutsFromEnv(env),
  };
}

/**
 * UDN_TRUST_PROXY: `true` (any proxy), a hop count (`1`: the one proxy in front), or the proxies'
 * addresses or subnets (comma-separated): then request.ip and the protocol are the client's.
 */
export function parseTrustProxy(
  text: string | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) | undefined {
  const value = text?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'false' || value === '0') return undefined;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function parseBytes(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const bytes = Number(text);
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    throw new Error(`${name} must be a number of bytes, not "${text}"`);
  return bytes;
}

function parseMs(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const ms = Number(text);
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new Error(`${name} must be a whole number of milliseconds, not "${text}"`);
  return ms;
}
