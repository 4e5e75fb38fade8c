import type { Mailer, MailMessage } from '../../auth/mailer.ts';
import type {
  Channel,
  ChannelDeliveryItem,
  NotificationInput,
  NotificationKind,
  NotificationSettings,
} from '../../core/contracts/notifications.ts';
import { chatPayload } from '../../core/notifications/chat-payload.ts';
import { type ChatHosts, type ChatService, maskTarget } from '../../core/notifications/chat-url.ts';
import { channelsFor } from '../../core/notifications/default-channels.ts';
import { quietUntil } from '../../core/notifications/quiet-hours.ts';
import {
  claimHeld,
  type DeliveryChannel,
  dueHeldDeliveries,
  finishHeld,
  insertDelivery,
} from '../../db/channel-deliveries-repo.ts';
import type { Store } from '../../db/database.ts';
import { findMember } from '../../db/members-repo.ts';
import { insertNotifications, readNotificationSettings } from '../../db/notifications-repo.ts';
import { findOrg } from '../../db/org-repo.ts';
import { findUserById } from '../../db/users-repo.ts';
import { runIfDue } from '../schedule/job-clock.ts';
import { postChat } from './chat-send.ts';
import { notificationMail } from './notification-mail.ts';

/** A channel message as it is sent, or kept while quiet hours last (channel_deliveries.payload). */
type Outgoing =
  | { channel: 'email'; message: MailMessage }
  | { channel: ChatService; url: string; body: unknown };

export interface NotifierOptions {
  store: Store;
  /** The SMTP mailer in force now (UDN_SMTP_URL, else the settings page's), null when none is configured. */
  mailer: () => Mailer | null | Promise<Mailer | null>;
  /** Tells that person's open pages their unread count changed. */
  publish(orgId: number, userId: string): void;
  onError(error: unknown, message: string): void;
  now?: () => number;
  fetch?: typeof fetch;
  /** Hosts accepted besides each chat service's own (tests: a local receiver). */
  chatHosts?: ChatHosts;
  /** The address links in messages start with; default UDN_PUBLIC_URL. Without one, links stay app paths. */
  publicUrl?: string | null;
  /** How often held messages are looked for (ms); default a minute. */
  flushEveryMs?: number;
  chatTimeoutMs?: number;
}

export const HELD_JOB = 'notifications:held';
const MINUTE = 60_000;
/** A held message being sent is claimed for this long: a server that dies meanwhile leaves it to the next flush. */
const CLAIM_MS = 10 * MINUTE;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Delivers notifications (docs/notifications.md): a row in each member's notification centre and,
 * per their settings, an e-mail and chat messages, each logged in channel_deliveries. Inside a
 * person's quiet hours a channel message is kept (`held`) and sent when they end; the bell counts
 * at once. Nothing a channel does makes `notify` reject: a failure is a logged delivery row.
 */
export class Notifier {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly options: NotifierOptions) {}

  /** Hosts accepted besides the chat services' own: what the settings routes check URLs with. */
  get chatHosts(): ChatHosts {
    return this.options.chatHosts ?? {};
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Sends one notification to every still-member among `input.userIds`; never rejects. */
  async notify(input: NotificationInput): Promise<void> {
    try {
      await this.deliver(input);
    } catch (error) {
      this.options.onError(error, `notification "${input.title}" could not be delivered`);
    }
  }

  /** Tells a person's open pages that their notifications changed (read elsewhere, new ones). */
  changed(orgId: number, userId: string): void {
    try {
      this.options.publish(orgId, userId);
    } catch (error) {
      this.options.onError(error, 'notification count could not be published');
    }
  }

  private async deliver(input: NotificationInput): Promise<void> {
    const { store } = this.options;
    const org = await findOrg(store.db, input.orgId);
    if (!org) return;
    const now = this.now();
    const people: { userId: string; settings: NotificationSettings | null; channels: readonly Channel[] }[] =
      [];
    for (const userId of new Set(input.userIds)) {
      if (!(await findMember(store.db, input.orgId, userId))) continue;
      const settings = await readNotificationSettings(store.db, input.orgId, userId);
      people.push({ userId, settings, channels: channelsFor(settings, input.kind) });
    }
    const inApp = people.filter((p) => p.channels.includes('app'));
    // The bell first: whatever a channel does later, the notification is not lost.
    await insertNotifications(
      store.db,
      inApp.map((p) => ({ ...input, userId: p.userId, createdAt: now })),
    );
    for (const p of inApp) this.changed(input.orgId, p.userId);
    const url = this.absolute(input.link);
    const sends: Promise<unknown>[] = [];
    for (const p of people) {
      const zone = p.settings?.timeZone ?? org.timezone;
      const quiet = p.settings
        ? quietUntil(now, { from: p.settings.quietFrom, to: p.settings.quietTo }, zone)
        : null;
      for (const channel of p.channels) {
        if (channel === 'app') continue;
        const outgoing = await this.outgoing(channel, p.userId, p.settings, {
          title: input.title,
          body: input.body,
          url,
        });
        if (!outgoing) continue;
        const base = { orgId: input.orgId, userId: p.userId, kind: input.kind, subject: input.title };
        if (quiet !== null) {
          sends.push(
            insertDelivery(store.db, {
              ...base,
              channel,
              target: targetOf(outgoing),
              status: 'held',
              error: null,
              createdAt: now,
              sentAt: null,
              payload: JSON.stringify(outgoing),
              sendAfter: quiet,
            }),
          );
        } else {
          sends.push(this.sendLogged(base, outgoing));
        }
      }
    }
    const settled = await Promise.allSettled(sends);
    for (const s of settled)
      if (s.status === 'rejected')
        this.options.onError(s.reason, 'notification delivery could not be logged');
  }

  /** The message for one channel, or null when the person has no target there (no chat URL saved). */
  private async outgoing(
    channel: Exclude<Channel, 'app'>,
    userId: string,
    settings: NotificationSettings | null,
    message: { title: string; body: string; url: string | null },
  ): Promise<Outgoing | null> {
    if (channel === 'email') {
      const user = await findUserById(this.options.store.db, userId);
      return user ? { channel, message: notificationMail(user.email, message) } : null;
    }
    const url = settings?.[`${channel}Url`] ?? null;
    return url ? { channel, url, body: chatPayload(channel, message) } : null;
  }

  /** Sends and logs one message; the delivery row says how it went. */
  private async sendLogged(
    base: { orgId: number; userId: string | null; kind: NotificationKind; subject: string },
    outgoing: Outgoing,
  ): Promise<{ delivery: ChannelDeliveryItem; error: string | null }> {
    const error = await this.send(outgoing);
    const at = this.now();
    const delivery = await insertDelivery(this.options.store.db, {
      ...base,
      channel: outgoing.channel,
      target: targetOf(outgoing),
      status: error === null ? 'sent' : 'failed',
      error,
      createdAt: at,
      sentAt: error === null ? at : null,
      payload: null,
      sendAfter: null,
    });
    if (error !== null)
      this.options.onError(new Error(error), `${outgoing.channel} delivery to ${delivery.target} failed`);
    return { delivery, error };
  }

  /** Sends one message; answers the error text, or null when it went. */
  private async send(outgoing: Outgoing): Promise<string | null> {
    try {
      if (outgoing.channel === 'email') {
        const mailer = await this.options.mailer();
        if (!mailer) return 'no SMTP server is configured (UDN_SMTP_URL or the notification settings)';
        await mailer.send(outgoing.message);
      } else {
        await postChat(outgoing.channel, outgoing.url, outgoing.body, {
          ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
          ...(this.options.chatHosts ? { chatHosts: this.options.chatHosts } : {}),
          ...(this.options.chatTimeoutMs !== undefined ? { timeoutMs: this.options.chatTimeoutMs } : {}),
        });
      }
      return null;
    } catch (error) {
      return errorText(error) || 'failed without a reason';
    }
  }

  /**
   * A test message to `to` (an address, or a chat URL) over `channel`, logged like any delivery:
   * the settings page's test button and `udn notify test`. Answers the delivery and the error text.
   */
  async test(input: {
    orgId: number;
    userId: string | null;
    channel: DeliveryChannel;
    to: string;
  }): Promise<{ delivery: ChannelDeliveryItem; error: string | null }> {
    const message = {
      title: 'UDN test message',
      body: 'This is a test message from UDN: notifications reach you here.',
      url: this.absolute('/'),
    };
    const outgoing: Outgoing =
      input.channel === 'email'
        ? { channel: 'email', message: notificationMail(input.to, message) }
        : { channel: input.channel, url: input.to, body: chatPayload(input.channel, message) };
    return this.sendLogged(
      { orgId: input.orgId, userId: input.userId, kind: 'system', subject: message.title },
      outgoing,
    );
  }

  /** Sends the held messages whose quiet hours ended; answers how many were sent. */
  async flushHeld(): Promise<number> {
    const { db } = this.options.store;
    const now = this.now();
    let sent = 0;
    for (const held of await dueHeldDeliveries(db, now, 500)) {
      // Claimed first: two servers flushing at once (outside the job's lock, e.g. a test) send once.
      if (!(await claimHeld(db, held.id, now, now + CLAIM_MS))) continue;
      let error: string | null;
      try {
        error = await this.send(JSON.parse(held.payload) as Outgoing);
      } catch (e) {
        error = errorText(e);
      }
      await finishHeld(db, held.id, { status: error === null ? 'sent' : 'failed', error, at: this.now() });
      if (error === null) sent++;
      else this.options.onError(new Error(error), `held ${held.channel} delivery ${held.id} failed`);
    }
    return sent;
  }

  /** Looks for held messages every minute, once across the servers on the database (job clock). */
  start(): void {
    if (this.timer) return;
    const every = this.options.flushEveryMs ?? MINUTE;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = runIfDue(
        this.options.store,
        HELD_JOB,
        (instant) => instant + every - (instant % every),
        this.now(),
        async () => {
          const sent = await this.flushHeld();
          return { status: 'succeeded', message: `${sent} held message(s) sent` };
        },
      )
        .catch((error: unknown) => this.options.onError(error, 'held notifications could not be flushed'))
        .finally(() => {
          this.running = null;
        });
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private absolute(link: string | null): string | null {
    if (link === null) return null;
    const base = (this.options.publicUrl ?? process.env.UDN_PUBLIC_URL ?? '').trim().replace(/\/+$/, '');
    return base && link.startsWith('/') ? `${base}${link}` : link;
  }
}

function targetOf(outgoing: Outgoing): string {
  if (outgoing.channel === 'email') {
    const to = outgoing.message.to;
    return typeof to === 'string' ? to : to.join(', ');
  }
  return maskTarget(outgoing.url);
}
