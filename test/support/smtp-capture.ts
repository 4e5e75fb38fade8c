import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A file the message carried: an attachment, or with `cid` an image its HTML shows inline. */
export interface CapturedAttachment {
  filename: string | null;
  contentType: string;
  cid: string | null;
  size: number;
  content: Buffer;
}

/** A message as the test SMTP server received it. */
export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  /** The text body, transfer encoding undone. */
  text: string;
  /** The HTML alternative (`cid:` links kept as sent), null when the message has none. */
  html: string | null;
  attachments: CapturedAttachment[];
  /** The message as received, headers included. */
  raw: string;
  /** The user the client logged in as (AUTH), null when it did not. */
  authUser: string | null;
}

export interface SmtpCapture {
  /** `smtp://127.0.0.1:PORT`: UDN_SMTP_URL. */
  url: string;
  messages: CapturedMail[];
  /** The next message to `to` (waits up to `timeoutMs`). */
  next(to: string, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

/** Parses any message (multipart HTML with inline images and attachments included) with mailparser. */
export async function parseMail(
  raw: Buffer,
  envelope: { from: string; to: string[] },
  authUser: string | null = null,
): Promise<CapturedMail> {
  const parsed = await simpleParser(raw, { keepCidLinks: true });
  return {
    ...envelope,
    subject: parsed.subject ?? '',
    text: (parsed.text ?? '').replace(/\r\n/g, '\n'),
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      cid: a.cid ?? null,
      size: a.size,
      content: a.content,
    })),
    raw: raw.toString('utf8'),
    authUser,
  };
}

/** A real SMTP server (smtp-server) on a free port that keeps every message it is given. */
export async function startSmtpCapture(
  options: {
    /** With it, the server takes these credentials (AUTH PLAIN/LOGIN over plain SMTP) and refuses others. */
    login?: { user: string; pass: string };
  } = {},
): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiting: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const { login } = options;
      if (login && auth.username === login.user && auth.password === login.pass)
        return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    // Plain SMTP on loopback: nodemailer would otherwise upgrade to TLS with a certificate it cannot trust.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        // Kept in the order received even though parsing is asynchronous: the sender waits for the reply.
        const user = typeof session.user === 'string' ? session.user : null;
        parseMail(Buffer.concat(chunks), { from, to }, user).then(
          (mail) => {
            messages.push(mail);
            for (const wake of waiting.splice(0)) wake();
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  let seen = 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async next(to, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = messages.findIndex((m, i) => i >= seen && m.to.includes(to));
        const found = messages[index];
        if (found) {
          seen = index + 1;
          return found;
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
