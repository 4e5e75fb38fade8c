import type { Command } from 'commander';
import type { Store } from '../../db/database.ts';
import { dbOption } from '../cli-options.ts';
import { stdout } from '../output.ts';

const DEFAULT_PORT = 3000;
const DEMO_SEED = 42;

function portOf(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port (or PORT) must be a port number 0–65535, not "${text}"`);
  }
  return port;
}

/** A first run gets the demo organisation, so `npm start` opens on a full dashboard; --empty starts bare. */
export async function prepareFirstRun(store: Store, empty: boolean): Promise<void> {
  const { createOrg, findDefaultOrg } = await import('../../db/org-repo.ts');
  if (await findDefaultOrg(store.db)) return;
  if (empty) {
    await createOrg(store.db);
    stdout.write('no organisation yet: started empty (upload files under Data, or run "udn import DIR")\n');
    return;
  }
  stdout.write(`first run: creating the demo organisation (seed ${DEMO_SEED}) …\n`);
  // Loaded on demand: the generator is only needed on a first run.
  const { loadDemo } = await import('../../services/demo-data.ts');
  const result = await loadDemo(store, { seed: DEMO_SEED });
  if (!result.ok)
    throw new Error(
      `the demo organisation could not be created: ${result.errors[0]?.message ?? 'unknown error'}`,
    );
  stdout.write(`demo organisation ready (import #${result.importId}, ${Math.round(result.durationMs)} ms)\n`);
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the UDN web app and its API (http://localhost:3000 by default)')
    .addOption(dbOption())
    .option('--port <n>', `port to listen on (default: env PORT, else ${DEFAULT_PORT})`)
    .option('--host <host>', 'address to listen on (default 127.0.0.1: this machine only)', '127.0.0.1')
    .option(
      '--empty',
      'on a first run, start with an empty organisation instead of the demo (env UDN_EMPTY=1)',
    )
    .option(
      '--no-migrate',
      'refuse to start on a database with pending migrations instead of applying them (env UDN_AUTO_MIGRATE=0); run "udn migrate" first',
    )
    .action(
      async (options: { db?: string; port?: string; host: string; empty?: boolean; migrate: boolean }) => {
        const port = portOf(options.port ?? process.env.PORT);
        // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
        const { openStore, resolveDbTarget, SERVER_BUSY_TIMEOUT_MS } = await import('../../db/database.ts');
        const { countUsers } = await import('../../db/users-repo.ts');
        const migrate =
          options.migrate && process.env.UDN_AUTO_MIGRATE !== '0' ? 'latest' : 'require-current';
        // A short SQLite busy timeout: its wait blocks every request; a held write lock answers 503 instead.
        const store = await openStore(resolveDbTarget(options.db), {
          busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS,
          migrate,
        });
        try {
          await prepareFirstRun(store, options.empty === true || process.env.UDN_EMPTY === '1');
        } catch (error) {
          await store.close();
          throw error;
        }
        const { startServer, serverOptionsFromEnv } = await import('../../server/main.ts');
        const server = await startServer(
          {
            store,
            port,
            host: options.host,
            // JSON lines on stdout, one per request (server/request-log.ts); UDN_LOG_LEVEL=warn quietens them.
            logger: { level: process.env.UDN_LOG_LEVEL ?? 'info' },
            ...serverOptionsFromEnv(process.env),
          },
          true,
        );
        stdout.write(
          `UDN is serving ${store.location} at ${server.url} (API docs: ${server.url}/api/docs)\n`,
        );
        // The web app sends everyone to the setup page until its owner exists; the terminal says so too.
        if ((await countUsers(store.db)) === 0) {
          stdout.write(`first run: open ${server.url}/setup to create the owner's account\n`);
        }
      },
    );
}
