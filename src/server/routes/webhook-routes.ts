import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DELIVERY_STATUSES,
  WEBHOOK_EVENTS,
  webhookInputSchema,
  webhookPatchSchema,
} from '../../core/contracts/webhooks.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { deleteWebhook, findDelivery, listDeliveries } from '../../db/webhooks-repo.ts';
import { EventWatch } from '../../services/webhooks/event-watch.ts';
import {
  changeWebhook,
  createWebhook,
  deliveryItem,
  getWebhook,
  getWebhookItem,
  listWebhookItems,
  rotateWebhookSecret,
  webhookItem,
} from '../../services/webhooks/webhooks-service.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema, inputErrors } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const EXAMPLE_AT = '2026-12-04T09:12:00.000Z';

const webhookItemSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    allowPrivate: z.boolean().describe('Deliveries may go to a loopback or private-network address'),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().describe('Why UDN disabled it after repeated failure'),
    failures: z.number().describe('Deliveries given up on in a row since the last success'),
    secretHint: z.string().describe('The signing secret, masked: its last 4 characters'),
    lastDelivery: z
      .object({ status: z.enum(DELIVERY_STATUSES), at: z.string(), responseCode: z.number().nullable() })
      .nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    examples: [
      {
        id: 3,
        name: 'CRM won deals',
        url: 'https://crm.example.com/udn/hooks',
        events: ['deal.won', 'target.status_changed'],
        allowPrivate: false,
        enabled: true,
        disabledReason: null,
        failures: 0,
        secretHint: 'whsec_••••Q3xk',
        lastDelivery: { status: 'delivered', at: EXAMPLE_AT, responseCode: 200 },
        createdAt: EXAMPLE_AT,
        updatedAt: EXAMPLE_AT,
      },
    ],
  });

const withSecretSchema = webhookItemSchema.extend({
  secret: z.string().describe('The signing secret in full: shown this once, store it in the receiver now'),
});

const deliverySchema = z.object({
  id: z.number().describe('Sent as the UDN-Delivery header, the same on every retry'),
  event: z.enum([...WEBHOOK_EVENTS, 'ping']),
  eventId: z.string().describe("The payload's id: the same on every retry and for every subscription"),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  responseCode: z.number().nullable(),
  error: z
    .string()
    .nullable()
    .describe('What went wrong on the last try: HTTP status and answer, timeout, refused address'),
  durationMs: z.number().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('When it is tried again, while retrying'),
  payload: z.string().describe('The JSON body sent'),
});

const idParams = z.object({ id: z.coerce.number().int().positive() });
const deliveryParams = idParams.extend({ deliveryId: z.coerce.number().int().positive() });

const ALLOW_PRIVATE_TEXT =
  '`allowPrivate` lets deliveries go to loopback, private-network (10/8, 172.16/12, 192.168/16), link-local and other non-public addresses: only for a receiver on your own network, since it lets UDN reach machines the internet cannot. Without it such a URL is refused (400 naming `url`), and the address is checked again before every delivery.';

/**
 * Outbound webhooks (docs/webhooks.md): owners and admins subscribe URLs to events, read the
 * delivery log, send a test ping, retry a delivery and rotate the signing secret. Every change is
 * audited. The plugin also turns the server's hooks into events (services/webhooks/event-watch.ts):
 * import ends, new data versions (deals won, target statuses) and goal writes.
 */
export function webhookRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    const watch = new EventWatch({
      store: ctx.store,
      emit: (event) => ctx.webhooks.emit(event),
      onError: (error, message) => app.log.warn({ err: error }, message),
    });
    const listeners = [
      ctx.afterImport.add((orgId, job, end) => watch.importFinished(orgId, job, end)),
      ctx.afterDataChange.add((orgId) => watch.dataChanged(orgId)),
      ctx.afterGoalsChange.add((orgId) => watch.goalsChanged(orgId)),
    ];
    app.addHook('onClose', async () => {
      for (const remove of listeners) remove();
      await watch.stop();
    });

    const orgIdOf = async (request: Parameters<ServerContext['org']>[0]) => (await ctx.org(request)).id;

    app.get(
      '/webhooks',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['webhooks'],
          summary: "The organisation's webhook subscriptions, with how each last delivery went",
          response: { 200: z.object({ webhooks: z.array(webhookItemSchema) }) },
        },
      },
      async (request) => ({ webhooks: await listWebhookItems(ctx.store, await orgIdOf(request)) }),
    );

    app.post(
      '/webhooks',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['webhooks'],
          summary: 'Subscribe a URL to events; answers the signing secret this once (audited)',
          description: ALLOW_PRIVATE_TEXT,
          body: webhookInputSchema.meta({
            examples: [
              { name: 'CRM won deals', url: 'https://crm.example.com/udn/hooks', events: ['deal.won'] },
            ],
          }),
          response: { 201: withSecretSchema, 400: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const { row, secret } = await createWebhook(
          ctx.store,
          principal.orgId,
          request.body,
          principal.userId ?? principal.email,
          Date.now(),
        );
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'created',
          subject: `webhook ${row.id}`,
          summary: `added the webhook "${row.name}" to ${row.url} (${row.events.replaceAll(',', ', ')})${row.allow_private ? ', private addresses allowed' : ''}`,
        });
        // What the subscription listens to is remembered now: the next change is told against it.
        await watch.prime(principal.orgId);
        return reply.code(201).send({ ...webhookItem(row), secret });
      },
    );

    app.get(
      '/webhooks/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['webhooks'],
          summary: 'A webhook subscription',
          params: idParams,
          response: { 200: webhookItemSchema, ...inputErrors },
        },
      },
      async (request) => getWebhookItem(ctx.store, await orgIdOf(request), request.params.id),
    );

    app.patch(
      '/webhooks/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['webhooks'],
          summary:
            'Change a subscription; enabling one UDN disabled starts its failure count afresh (audited)',
          description: ALLOW_PRIVATE_TEXT,
          params: idParams,
          body: webhookPatchSchema,
          response: { 200: webhookItemSchema, ...inputErrors },
        },
      },
      async (request) => {
        const orgId = await orgIdOf(request);
        const row = await changeWebhook(ctx.store, orgId, request.params.id, request.body, Date.now());
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'updated',
          subject: `webhook ${row.id}`,
          summary: `changed the webhook "${row.name}" (${Object.keys(request.body).join(', ') || 'nothing'})`,
        });
        await watch.prime(orgId);
        return getWebhookItem(ctx.store, orgId, row.id);
      },
    );

    app.delete(
      '/webhooks/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['webhooks'],
          summary: 'Remove a subscription and its delivery log (audited)',
          params: idParams,
          response: { 204: z.null(), ...inputErrors },
        },
      },
      async (request, reply) => {
        const orgId = await orgIdOf(request);
        const row = await getWebhook(ctx.store, orgId, request.params.id);
        await deleteWebhook(ctx.store.db, orgId, row.id);
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'deleted',
          subject: `webhook ${row.id}`,
          summary: `removed the webhook "${row.name}" to ${row.url}`,
        });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/webhooks/:id/deliveries',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['webhooks'],
          summary: 'The delivery log of a subscription, newest first (50 a page; `before` pages on)',
          params: idParams,
          querystring: z.object({ before: z.coerce.number().int().positive().optional() }),
          response: { 200: z.object({ deliveries: z.array(deliverySchema) }), ...inputErrors },
        },
      },
      async (request) => {
        const row = await getWebhook(ctx.store, await orgIdOf(request), request.params.id);
        const rows = await listDeliveries(ctx.store.db, row.id, 50, request.query.before);
        return { deliveries: rows.map(deliveryItem) };
      },
    );

    app.post(
      '/webhooks/:id/test',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['webhooks'],
          summary: 'Send a `ping` now, even to a disabled subscription; answers its outcome (audited)',
          params: idParams,
          response: { 200: deliverySchema, ...inputErrors },
        },
      },
      async (request) => {
        const row = await getWebhook(ctx.store, await orgIdOf(request), request.params.id);
        const delivery = await ctx.webhooks.ping(row);
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'tested',
          subject: `webhook ${row.id}`,
          summary: `sent a test ping to the webhook "${row.name}": ${delivery.status}${delivery.response_code !== null ? ` (HTTP ${delivery.response_code})` : ''}`,
        });
        return deliveryItem(delivery);
      },
    );

    app.post(
      '/webhooks/:id/deliveries/:deliveryId/retry',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['webhooks'],
          summary: 'Send a delivery again now, with its original body and id; answers its outcome (audited)',
          params: deliveryParams,
          response: { 200: deliverySchema, ...inputErrors, 409: apiErrorSchema },
        },
      },
      async (request) => {
        const row = await getWebhook(ctx.store, await orgIdOf(request), request.params.id);
        const delivery = await findDelivery(ctx.store.db, row.id, request.params.deliveryId);
        if (!delivery) throw notFound('delivery', request.params.deliveryId, 'deliveryId');
        if (row.enabled !== 1 && delivery.event !== 'ping')
          throw new DomainError('conflict', `the webhook "${row.name}" is disabled: enable it first`, {
            params: { entity: 'webhook', id: row.id },
          });
        const after = await ctx.webhooks.retryNow(delivery);
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'retried',
          subject: `webhook ${row.id}`,
          summary: `sent delivery ${delivery.id} (${delivery.event}) of the webhook "${row.name}" again: ${after.status}`,
        });
        return deliveryItem(after);
      },
    );

    app.post(
      '/webhooks/:id/rotate-secret',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['webhooks'],
          summary: 'Replace the signing secret at once; answers the new one this once (audited)',
          params: idParams,
          response: { 200: withSecretSchema, ...inputErrors },
        },
      },
      async (request) => {
        const orgId = await orgIdOf(request);
        const rotated = await rotateWebhookSecret(ctx.store, orgId, request.params.id, Date.now());
        if (!rotated) throw notFound('webhook', request.params.id);
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'rotated',
          subject: `webhook ${rotated.row.id}`,
          summary: `replaced the signing secret of the webhook "${rotated.row.name}"`,
        });
        return { ...(await getWebhookItem(ctx.store, orgId, rotated.row.id)), secret: rotated.secret };
      },
    );
  };
}
