import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isAdminRole } from '../../core/access/roles.ts';
import {
  CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationSettings,
  notificationSettingsSchema,
} from '../../core/contracts/notifications.ts';
import { DomainError, invalid } from '../../core/errors.ts';
import { type ChatService, chatUrlProblem } from '../../core/notifications/chat-url.ts';
import { DEFAULT_CHANNELS, DEFAULT_SETTINGS } from '../../core/notifications/default-channels.ts';
import { canonicalTimeZone } from '../../core/time-zone.ts';
import { listDeliveries } from '../../db/channel-deliveries-repo.ts';
import {
  countUnread,
  listNotifications,
  markRead,
  readNotificationSettings,
  saveNotificationSettings,
} from '../../db/notifications-repo.ts';
import { findUserById } from '../../db/users-repo.ts';
import type { MailerSource } from '../../services/notifications/mailer-source.ts';
import {
  readSmtpSettings,
  saveSmtpSettings,
  smtpSettingsSchema,
} from '../../services/notifications/smtp-settings.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

/** Tells one person's open pages on this server their unread count (cluster-sync.ts calls it for the others'). */
export async function publishUnread(ctx: ServerContext, orgId: number, userId: string): Promise<void> {
  if (ctx.live.size === 0) return;
  const unread = await countUnread(ctx.store.db, orgId, userId);
  ctx.live.publish(orgId, { type: 'notifications-changed', unread }, (p) => p.userId === userId);
}

const notificationSchema = z.object({
  id: z.number(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});

const deliverySchema = z.object({
  id: z.number(),
  channel: z.enum(['email', 'slack', 'teams', 'gchat']),
  target: z.string().describe('The address, or only the host and first path part of a chat URL'),
  kind: z.enum(NOTIFICATION_KINDS),
  subject: z.string(),
  status: z.enum(['sent', 'failed', 'held']),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional().describe('Only ids below this one (the next page)'),
});

const CHAT_FIELDS: Record<ChatService, 'slackUrl' | 'teamsUrl' | 'gchatUrl'> = {
  slack: 'slackUrl',
  teams: 'teamsUrl',
  gchat: 'gchatUrl',
};

/** The settings' own rules beyond their shape: a real zone, both quiet times or neither, real chat URLs. */
function checkSettings(settings: NotificationSettings, ctx: ServerContext): NotificationSettings {
  if ((settings.quietFrom === null) !== (settings.quietTo === null))
    throw invalid(
      settings.quietFrom === null ? 'quietFrom' : 'quietTo',
      'give both quiet-hour times, or neither',
    );
  let timeZone = settings.timeZone;
  if (timeZone !== null) {
    const canonical = canonicalTimeZone(timeZone);
    if (!canonical) throw invalid('timeZone', `"${timeZone}" is not an IANA time zone (e.g. Asia/Jakarta)`);
    timeZone = canonical;
  }
  for (const [service, field] of Object.entries(CHAT_FIELDS) as [
    ChatService,
    (typeof CHAT_FIELDS)[ChatService],
  ][]) {
    const url = settings[field];
    const problem = url === null ? null : chatUrlProblem(service, url, ctx.notifier.chatHosts);
    if (problem) throw invalid(field, problem);
  }
  // A channel listed twice would send twice.
  const channels = Object.fromEntries(
    Object.entries(settings.channels).map(([kind, list]) => [kind, [...new Set(list)]]),
  );
  return { ...settings, channels, timeZone };
}

/**
 * The notification centre (GET /notifications, POST /notifications/read), each member's own
 * settings (/me/notification-settings), the delivery log, test messages and the SMTP server.
 */
export function notificationRoutes(ctx: ServerContext, mailers: MailerSource): FastifyPluginAsyncZod {
  return async (app) => {
    const me = (request: Parameters<typeof principalOf>[0]) => {
      const principal = principalOf(request);
      // Route access 'read' lets only members through: a share link has no user and never gets here.
      if (principal.userId === null) throw new DomainError('forbidden', 'a share link has no notifications');
      return { principal, userId: principal.userId, orgId: principal.orgId };
    };

    app.get(
      '/notifications',
      {
        config: { access: 'read' },
        schema: {
          tags: ['notifications'],
          summary: 'My notifications, newest first, and how many are unread',
          querystring: pageQuery.extend({
            unread: z.enum(['0', '1']).default('0').describe('1: unread ones only'),
          }),
          response: {
            200: z.object({ notifications: z.array(notificationSchema), unread: z.number() }),
            400: apiErrorSchema,
          },
        },
      },
      async (request) => {
        const { userId, orgId } = me(request);
        const { unread, limit, before } = request.query;
        return {
          notifications: await listNotifications(ctx.store.db, orgId, userId, {
            unreadOnly: unread === '1',
            limit,
            beforeId: before,
          }),
          unread: await countUnread(ctx.store.db, orgId, userId),
        };
      },
    );

    app.post(
      '/notifications/read',
      {
        config: { access: 'read' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark my notifications read: the ids given, or all',
          body: z.union([
            z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(1000) }),
            z.strictObject({ all: z.literal(true) }),
          ]),
          response: { 200: z.object({ marked: z.number(), unread: z.number() }), 400: apiErrorSchema },
        },
      },
      async (request) => {
        const { userId, orgId } = me(request);
        const ids = 'ids' in request.body ? request.body.ids : 'all';
        const marked = await markRead(ctx.store.db, orgId, userId, ids, Date.now());
        if (marked > 0) ctx.notifier.changed(orgId, userId);
        return { marked, unread: await countUnread(ctx.store.db, orgId, userId) };
      },
    );

    app.get(
      '/me/notification-settings',
      {
        config: { access: 'read' },
        schema: {
          tags: ['notifications'],
          summary: 'My notification settings (defaults when never saved)',
          response: {
            200: notificationSettingsSchema.extend({
              defaults: z.record(z.string(), z.array(z.enum(CHANNELS))),
              orgTimeZone: z.string(),
            }),
          },
        },
      },
      async (request) => {
        const { userId, orgId } = me(request);
        const saved = await readNotificationSettings(ctx.store.db, orgId, userId);
        return {
          ...(saved ?? DEFAULT_SETTINGS),
          defaults: Object.fromEntries(Object.entries(DEFAULT_CHANNELS).map(([kind, c]) => [kind, [...c]])),
          orgTimeZone: (await ctx.orgById(orgId)).timezone,
        };
      },
    );

    app.put(
      '/me/notification-settings',
      {
        config: { access: 'read' },
        schema: {
          tags: ['notifications'],
          summary: 'Save my notification settings',
          description:
            'Chat URLs must be the services’ incoming webhooks: Slack https://hooks.slack.com/services/… or /workflows/…, Teams https://….webhook.office.com/…, https://….logic.azure.com/… or https://….powerplatform.com/…, Google Chat https://chat.googleapis.com/v1/spaces/….',
          body: notificationSettingsSchema,
          response: { 200: notificationSettingsSchema, 400: apiErrorSchema },
        },
      },
      async (request) => {
        const { userId, orgId } = me(request);
        const settings = checkSettings(request.body, ctx);
        await saveNotificationSettings(ctx.store.db, orgId, userId, settings, Date.now());
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'updated',
          subject: 'notification settings',
          summary: 'changed their notification settings',
        });
        return settings;
      },
    );

    app.get(
      '/notifications/deliveries',
      {
        config: { access: 'read' },
        schema: {
          tags: ['notifications'],
          summary: 'Delivery log of my e-mails and chat messages (admins: `all=1`, the organisation’s)',
          querystring: pageQuery.extend({ all: z.enum(['0', '1']).default('0') }),
          response: {
            200: z.object({ deliveries: z.array(deliverySchema) }),
            400: apiErrorSchema,
            403: apiErrorSchema,
          },
        },
      },
      async (request) => {
        const { principal, userId, orgId } = me(request);
        const all = request.query.all === '1';
        if (all && !isAdminRole(principal.role))
          throw new DomainError('forbidden', 'only admins see the organisation’s delivery log');
        return {
          deliveries: await listDeliveries(ctx.store.db, orgId, {
            userId: all ? undefined : userId,
            limit: request.query.limit,
            beforeId: request.query.before,
          }),
        };
      },
    );

    app.post(
      '/notifications/test',
      {
        config: { access: 'read' },
        schema: {
          tags: ['notifications'],
          summary: 'Send a test message (e-mail or chat); 502 with the server’s error when it fails',
          description:
            'Members may test their own e-mail address and chat URLs; admins any address. Chat URLs must be the services’ incoming webhooks.',
          body: z.strictObject({
            channel: z.enum(['email', 'slack', 'teams', 'gchat']),
            to: z.string().trim().min(1).max(2000),
          }),
          response: {
            200: z.object({ delivery: deliverySchema }),
            400: apiErrorSchema,
            403: apiErrorSchema,
            502: apiErrorSchema.extend({ delivery: deliverySchema }),
          },
        },
      },
      async (request, reply) => {
        const { principal, userId, orgId } = me(request);
        const { channel, to } = request.body;
        if (channel === 'email') {
          if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(to)) throw invalid('to', 'is not an e-mail address');
          const own = (await findUserById(ctx.store.db, userId))?.email;
          if (!isAdminRole(principal.role) && to.toLowerCase() !== own?.toLowerCase())
            throw new DomainError('forbidden', 'you may send a test only to your own address');
        } else {
          const problem = chatUrlProblem(channel, to, ctx.notifier.chatHosts);
          if (problem) throw invalid('to', problem);
        }
        const { delivery, error } = await ctx.notifier.test({ orgId, userId, channel, to });
        if (error === null) return { delivery };
        return reply.code(502).send({ error: 'delivery_failed', message: error, delivery });
      },
    );

    app.get(
      '/notifications/smtp',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['notifications'],
          summary: 'The SMTP server notifications are sent by (the password is never shown)',
          response: { 200: smtpSettingsSchema },
        },
      },
      async () => readSmtpSettings(ctx.store, mailers),
    );

    app.put(
      '/notifications/smtp',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['notifications'],
          summary: 'Set the SMTP server (smtp://user:password@host:587) and From; null URL removes it',
          description:
            'UDN_SMTP_URL, when set on the server, wins over this setting (the answer says so). A URL without a password keeps the saved one for the same user and host.',
          body: z.strictObject({
            url: z.string().trim().max(2000).nullable(),
            from: z.string().trim().max(300).nullable(),
          }),
          response: { 200: smtpSettingsSchema, 400: apiErrorSchema },
        },
      },
      async (request) => {
        const saved = await saveSmtpSettings(ctx.store, request.body);
        mailers.reset();
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'updated',
          subject: 'smtp',
          summary: saved.url ? `set the SMTP server to ${saved.url}` : 'removed the SMTP server',
        });
        return readSmtpSettings(ctx.store, mailers);
      },
    );
  };
}
