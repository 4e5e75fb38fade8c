import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../db/database.ts';
import { type MigrationStatus, migrationStatus } from '../../db/migrate.ts';

/** How long /readyz waits for the store's `select 1`: a probe that slow means "not ready" anyway. */
const READY_TIMEOUT_MS = 1500;

const livenessSchema = z.object({ alive: z.literal(true) });
const readinessSchema = z
  .object({
    ready: z.boolean(),
    draining: z.literal(true).optional().describe('The server is shutting down: send traffic elsewhere'),
    store: z.object({
      dialect: z.enum(['sqlite', 'postgres']),
      ready: z.boolean(),
      since: z.string().describe('When the store last became ready or unready (ISO 8601)'),
      error: z.string().optional().describe('Why it cannot be reached (no password)'),
    }),
    migrations: z
      .object({
        current: z.boolean().describe("The database's applied migrations are exactly this code's"),
        pending: z.array(z.string()).describe('Migrations this code has that the database lacks'),
        unknown: z.array(z.string()).describe('Migrations the database has from a newer UDN'),
      })
      .optional()
      .describe('Left out while the store cannot be reached'),
  })
  .describe('Whether the store answers with its migrations current; 503 with Retry-After while not');

/** The store's migrations, or null when it stopped answering between the probe and this query. */
async function migrationsOf(store: Store): Promise<MigrationStatus | null> {
  try {
    return await migrationStatus(store.db, store.dialect);
  } catch {
    return null;
  }
}

/**
 * Liveness and readiness for a process supervisor or load balancer, at the root (not under /api/v1):
 * /healthz answers while the process serves; /readyz only while the store answers too.
 */
export function healthRoutes(store: Store, lifecycle?: { draining: boolean }): FastifyPluginAsyncZod {
  return async (app) => {
    const onChange = (state: { ready: boolean; error: string | null }) => {
      if (state.ready) app.log.warn('the database answers again');
      else
        app.log.warn({ store_error: state.error }, 'the database cannot be reached: probing with back-off');
    };
    store.health.on('change', onChange);
    app.addHook('onClose', async () => {
      store.health.off('change', onChange);
    });

    app.get(
      '/healthz',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness: 200 while the process serves requests',
          response: { 200: livenessSchema },
        },
      },
      async () => ({ alive: true as const }),
    );

    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary:
            'Readiness: 200 when the store answers quickly and its migrations are current, else 503 with Retry-After',
          response: { 200: readinessSchema, 503: readinessSchema },
        },
      },
      async (_request, reply) => {
        const state = await store.health.check(READY_TIMEOUT_MS);
        // A draining server still answers what it has begun; a load balancer should send it nothing new.
        const draining = lifecycle?.draining === true;
        const migrations = state.ready ? await migrationsOf(store) : null;
        const current = migrations !== null && migrations.pending.length + migrations.unknown.length === 0;
        const body = {
          ready: state.ready && current && !draining,
          ...(draining ? { draining: true as const } : {}),
          store: {
            dialect: store.dialect,
            ready: state.ready,
            since: state.since.toISOString(),
            ...(state.error !== null ? { error: state.error } : {}),
          },
          ...(migrations
            ? { migrations: { current, pending: migrations.pending, unknown: migrations.unknown } }
            : {}),
        };
        if (body.ready) return body;
        reply.header('retry-after', String(store.health.retryAfterS()));
        return reply.code(503).send(body);
      },
    );
  };
}
