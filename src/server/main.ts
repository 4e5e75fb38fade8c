import type { FastifyInstance } from 'fastify';
import type { Store } from '../db/database.ts';
import { type BuildAppOptions, buildApp } from './app.ts';

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
  const app = await buildApp({ prewarmImportThread: true, ...appOptions });
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
