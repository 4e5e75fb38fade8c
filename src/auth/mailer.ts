import nodemailer from 'nodemailer';

/** A file sent with a message; with `cid`, an image the HTML shows inline (`<img src="cid:…">`). */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  cid?: string;
}

/**
 * One e-mail: plain text, which every client shows as written, and for digests and alerts an HTML
 * alternative with inline chart images.
 */
export interface MailMessage {
  to: string | readonly string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: readonly MailAttachment[];
}

/** Sends mail through the configured SMTP server. */
export interface Mailer {
  from: string;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * The SMTP mailer of UDN_SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`) sending as
 * UDN_SMTP_FROM; null when no SMTP server is configured (reset links are then copied by an admin).
 */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  const urlText = env.UDN_SMTP_URL?.trim();
  if (!urlText) return null;
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw new Error('UDN_SMTP_URL must be a URL like smtp://user:password@mail.example.com:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error(`UDN_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  const from = env.UDN_SMTP_FROM?.trim() || `UDN <udn@${url.hostname}>`;
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
  if (!ADDRESS.test(address))
    throw new Error(`UDN_SMTP_FROM must be an address ("UDN <udn@example.com>"), not "${from}"`);
  return smtpMailer(urlText, from);
}

let fromEnv: { mailer: Mailer | null } | undefined;

/** The mailer of this process's environment, made once (one SMTP connection pool per server). */
export function defaultMailer(): Mailer | null {
  fromEnv ??= { mailer: mailerFromEnv() };
  return fromEnv.mailer;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    from,
    async send(message) {
      await transport.sendMail({
        from,
        to: typeof message.to === 'string' ? message.to : [...message.to],
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        ...(message.attachments ? { attachments: message.attachments.map((a) => ({ ...a })) } : {}),
      });
    },
    close() {
      transport.close();
    },
  };
}

export type MailLocale = 'en' | 'id';

const ROLE_WORDS: Record<MailLocale, Record<string, string>> = {
  en: { owner: 'owner', admin: 'administrator', manager: 'manager', rep: 'sales rep', viewer: 'viewer' },
  id: { owner: 'pemilik', admin: 'administrator', manager: 'manajer', rep: 'sales', viewer: 'pembaca' },
};

/** An invitation to an organisation, in the inviter's language. */
export async function sendInvitationEmail(
  mailer: Mailer,
  invitation: { to: string; orgName: string; url: string; role: string; locale: MailLocale },
): Promise<void> {
  const role = ROLE_WORDS[invitation.locale][invitation.role] ?? invitation.role;
  const message: MailMessage =
    invitation.locale === 'id'
      ? {
          to: invitation.to,
          subject: `Undangan ke ${invitation.orgName} di UDN`,
          text: [
            `Anda diundang bergabung dengan ${invitation.orgName} di UDN sebagai ${role}.`,
            '',
            `Terima undangan: ${invitation.url}`,
            '',
            'Jika Anda tidak mengharapkan undangan ini, abaikan e-mail ini.',
          ].join('\n'),
        }
      : {
          to: invitation.to,
          subject: `Your invitation to ${invitation.orgName} on UDN`,
          text: [
            `You are invited to join ${invitation.orgName} on UDN as ${role}.`,
            '',
            `Accept the invitation: ${invitation.url}`,
            '',
            'If you did not expect this invitation, ignore this e-mail.',
          ].join('\n'),
        };
  await mailer.send(message);
}

/** A password reset link; the person's language is not known, so it speaks both. */
export async function sendResetEmail(
  mailer: Mailer,
  reset: { to: string; url: string; minutes: number },
): Promise<void> {
  await mailer.send({
    to: reset.to,
    subject: 'Reset your UDN password / Atur ulang kata sandi UDN',
    text: [
      'Someone (hopefully you) asked to reset the password of this address on UDN.',
      `Choose a new password here within ${reset.minutes} minutes: ${reset.url}`,
      'The link works once. If you did not ask, ignore this e-mail: your password stays as it is.',
      '',
      'Seseorang (semoga Anda) meminta pengaturan ulang kata sandi alamat ini di UDN.',
      `Pilih kata sandi baru di sini dalam ${reset.minutes} menit: ${reset.url}`,
      'Tautan hanya berlaku sekali. Jika Anda tidak memintanya, abaikan e-mail ini.',
    ].join('\n'),
  });
}
