import { defaultMailer, type Mailer, mailerFromEnv, smtpMailer } from '../../auth/mailer.ts';
import type { Store } from '../../db/database.ts';
import { readStoredSmtp, type StoredSmtp } from '../../db/notification-smtp-repo.ts';
import { openHeaderValue } from '../sources/source-secret.ts';

/**
 * The mailer notifications go out by: UDN_SMTP_URL's when it is set (it wins over the settings
 * page, as the page says), else the SMTP server saved on the settings page. The saved one is read
 * again after `ttlMs`, so a change made on another server is picked up without a restart; its
 * transport is rebuilt only when the setting changed.
 */
export class MailerSource {
  private built: { key: string; mailer: Mailer } | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Store,
    private readonly options: { env?: NodeJS.ProcessEnv; ttlMs?: number } = {},
  ) {}

  /** True when UDN_SMTP_URL decides, whatever the settings page holds. */
  get fromEnvironment(): boolean {
    return Boolean((this.options.env ?? process.env).UDN_SMTP_URL?.trim());
  }

  async current(): Promise<Mailer | null> {
    if (this.fromEnvironment) return this.options.env ? mailerFromEnv(this.options.env) : defaultMailer();
    if (this.built && performance.now() - this.checkedAt < (this.options.ttlMs ?? 5000))
      return this.built.mailer;
    const stored = await readStoredSmtp(this.store.db);
    this.checkedAt = performance.now();
    const key = stored ? JSON.stringify(stored) : '';
    if (this.built?.key === key) return this.built.mailer;
    this.close();
    if (!stored) return null;
    this.built = { key, mailer: smtpMailer(await urlWithPassword(this.store, stored), fromOf(stored)) };
    return this.built.mailer;
  }

  /** Forgets the transport, so the next message reads the settings again (after they were saved here). */
  reset(): void {
    this.close();
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  close(): void {
    this.built?.mailer.close();
    this.built = null;
  }
}

export async function urlWithPassword(store: Store, stored: StoredSmtp): Promise<string> {
  if (stored.sealedPassword === null) return stored.url;
  const url = new URL(stored.url);
  url.password = encodeURIComponent(await openHeaderValue(store, stored.sealedPassword));
  return url.toString();
}

export const fromOf = (stored: StoredSmtp): string =>
  stored.from ?? `UDN <udn@${new URL(stored.url).hostname}>`;
