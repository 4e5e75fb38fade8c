import { z } from 'zod';
import { invalid } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import { readStoredSmtp, type StoredSmtp, writeStoredSmtp } from '../../db/notification-smtp-repo.ts';
import { sealHeaderValue } from '../sources/source-secret.ts';
import type { MailerSource } from './mailer-source.ts';

/** What the settings page shows of the SMTP server: never the password. */
export const smtpSettingsSchema = z.object({
  url: z.string().nullable().describe('smtp(s)://user@host:port, without the password'),
  from: z.string().nullable(),
  hasPassword: z.boolean(),
  fromEnvironment: z
    .boolean()
    .describe('UDN_SMTP_URL is set on the server: it is used, whatever is saved here'),
});
export type SmtpSettings = z.output<typeof smtpSettingsSchema>;

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

export async function readSmtpSettings(store: Store, mailers: MailerSource): Promise<SmtpSettings> {
  const stored = await readStoredSmtp(store.db);
  return {
    url: stored?.url ?? null,
    from: stored?.from ?? null,
    hasPassword: stored?.sealedPassword != null,
    fromEnvironment: mailers.fromEnvironment,
  };
}

/**
 * Checks and saves the SMTP server of the settings page. The password is split off the URL and
 * sealed; a URL sent back without one (the page never has it) keeps the saved password when user
 * and host are unchanged.
 */
export async function saveSmtpSettings(
  store: Store,
  input: { url: string | null; from: string | null },
): Promise<StoredSmtp | { url: null }> {
  if (input.url === null || input.url === '') {
    await writeStoredSmtp(store.db, null);
    return { url: null };
  }
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalid('url', 'is not a URL: smtp://user:password@mail.example.com:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw invalid('url', `must start with smtp:// or smtps://, not ${url.protocol}//`);
  if (!url.hostname) throw invalid('url', 'names no host');
  const from = input.from?.trim() || null;
  if (from !== null) {
    const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
    if (!ADDRESS.test(address))
      throw invalid('from', `must be an address ("UDN <udn@example.com>"), not "${from}"`);
  }
  const password = decodeURIComponent(url.password);
  url.password = '';
  const bare = url.toString();
  let sealedPassword: string | null = null;
  if (password !== '') sealedPassword = await sealHeaderValue(store, password);
  else {
    const previous = await readStoredSmtp(store.db);
    if (previous && previous.url === bare) sealedPassword = previous.sealedPassword;
  }
  const stored: StoredSmtp = { url: bare, sealedPassword, from };
  await writeStoredSmtp(store.db, stored);
  return stored;
}
