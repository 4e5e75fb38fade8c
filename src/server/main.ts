import type { FastifyInstance } from 'fastify';
import type { Store } from '../db/database.ts';
import { type BuildAppOptions, buildApp } from './app.ts';
import { timeoutsFromEnv } from './limits/request-timeouts.ts';
import { defaultAllowedHosts, parseAllowedHosts } from './security/allowed-hosts.ts';

export interface StartServerOptions extends Omit<BuildAppOptions, 'store'> {
  store: Store;
  port: number;
  host: string;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Stops accepting requests, ends live streams, waits for answers in flight, then closes the store. */
  close(): Promise<void>;
}

/** Builds the app and listens; `close` shuts down gracefully (also on SIGINT/SIGTERM when `handleSignals`). */
export async function startServer(
  options: StartServerOptions,
  handleSignals = false,
): Promise<RunningServer> {
  const { port, host, ...appOptions } = options;
  const app = await buildApp({
    prewarmImportThread: true,
    ...appOptions,
    allowedHosts: appOptions.allowedHosts ?? defaultAllowedHosts(host),
  });
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await options.store.close();
    })();
    return closing;
  };
  if (handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      app.log.info(`${signal}: shutting down`);
      // A second signal while closing means "now".
      process.once(signal, () => process.exit(1));
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`udn: shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { app, url: `http://${shownHost}:${actualPort}`, close };
}

/**
 * The server settings read from the environment: UDN_ALLOWED_HOSTS (in place of the names the bound
 * address gives, loopback kept), UDN_ALLOWED_ORIGINS (both comma-separated) and the timeouts (UDN_REQUEST_TIMEOUT_MS …). Unset ones keep their defaults.
 */
export function serverOptionsFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<
  StartServerOptions,
  'allowedHosts' | 'allowedOrigins' | 'timeouts' | 'trustProxy' | 'uploadLimitBytes'
> {
  const listed = parseAllowedHosts(env.UDN_ALLOWED_HOSTS);
  // The loopback names stay allowed: no page of another site can make a browser send them.
  const allowedHosts = listed && [...defaultAllowedHosts(), ...listed];
  const allowedOrigins = parseAllowedHosts(env.UDN_ALLOWED_ORIGINS)?.map((origin) =>
    origin.replace(/\/+$/, ''),
  );
  const trustProxy = parseTrustProxy(env.UDN_TRUST_PROXY);
  const uploadLimitBytes = parseBytes('UDN_UPLOAD_LIMIT_BYTES', env.UDN_UPLOAD_LIMIT_BYTES);
  return {
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
