import { type Mailer, mailerFromEnv, smtpMailer } from '../../auth/mailer.ts';
import { chatPayload } from '../../core/notifications/chat-payload.ts';
import { chatServiceOf, maskTarget } from '../../core/notifications/chat-url.ts';
import { readStoredSmtp } from '../../db/notification-smtp-repo.ts';
import { postChat } from '../../services/notifications/chat-send.ts';
import { fromOf, urlWithPassword } from '../../services/notifications/mailer-source.ts';
import { notificationMail } from '../../services/notifications/notification-mail.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore } from '../cli-store.ts';
import { stdout } from '../output.ts';

export interface NotifyTestOptions {
  db?: string;
}

const SERVICE_NAMES = { slack: 'Slack', teams: 'Microsoft Teams', gchat: 'Google Chat' } as const;
const MESSAGE = {
  title: 'UDN test message',
  body: 'This is a test message from UDN (udn notify test): notifications reach you here.',
  url: null,
};

const hostOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
};

/**
 * The mailer the server would use: UDN_SMTP_URL, else the SMTP server saved on the settings page
 * (read from --db / UDN_DB). Answers it with where it sends, for the message printed.
 */
async function mailerOf(options: NotifyTestOptions): Promise<{ mailer: Mailer; via: string }> {
  const fromEnv = mailerFromEnv();
  if (fromEnv) return { mailer: fromEnv, via: `${hostOf(process.env.UDN_SMTP_URL ?? '')} (UDN_SMTP_URL)` };
  const saved = await withExistingStore(options.db, async (store) => {
    const stored = await readStoredSmtp(store.db);
    return stored ? { url: await urlWithPassword(store, stored), from: fromOf(stored) } : null;
  }).catch((error: unknown) => {
    if (error instanceof CliError) return null;
    throw error;
  });
  if (!saved)
    throw new CliError(
      'no SMTP server: set UDN_SMTP_URL (smtp://user:password@mail.example.com:587), or save one on the notification settings page',
    );
  return { mailer: smtpMailer(saved.url, saved.from), via: `${hostOf(saved.url)} (settings page)` };
}

/** `udn notify test EMAIL|URL`: sends one test message and says how it went. */
export async function notifyTestCommand(target: string, options: NotifyTestOptions): Promise<void> {
  if (/^[^\s@<>/:]+@[^\s@<>/]+\.[^\s@<>/]+$/.test(target)) {
    const { mailer, via } = await mailerOf(options);
    try {
      await mailer.send(notificationMail(target, MESSAGE));
    } catch (error) {
      throw new CliError(
        `e-mail to ${target} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      mailer.close();
    }
    stdout.write(`sent: a test e-mail to ${target} through ${via}\n`);
    return;
  }
  const service = chatServiceOf(target);
  if (!service)
    throw new CliError(
      `${target} is neither an e-mail address nor an incoming-webhook URL of Slack (https://hooks.slack.com/services/…), Microsoft Teams (https://….webhook.office.com/…, https://….logic.azure.com/…, https://….powerplatform.com/…) or Google Chat (https://chat.googleapis.com/v1/spaces/…)`,
    );
  try {
    await postChat(service, target, chatPayload(service, MESSAGE));
  } catch (error) {
    throw new CliError(
      `${SERVICE_NAMES[service]} message to ${maskTarget(target)} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  stdout.write(`sent: a test ${SERVICE_NAMES[service]} message to ${maskTarget(target)}\n`);
}
