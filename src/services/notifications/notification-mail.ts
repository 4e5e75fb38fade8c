import type { MailMessage } from '../../auth/mailer.ts';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A notification as an e-mail: plain text, and simple HTML (the title, the body's paragraphs, a
 * button to the drill-down) with inline styles, the only styling mail clients reliably keep.
 */
export function notificationMail(
  to: string,
  message: { title: string; body: string; url: string | null },
): MailMessage {
  const paragraphs = message.body
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const button = message.url
    ? `<p style="margin:16px 0 0"><a href="${escapeHtml(message.url)}" style="background:#1c7ed6;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">Open in UDN</a></p>`
    : '';
  return {
    to,
    subject: message.title,
    text: [message.title, '', message.body, ...(message.url ? ['', message.url] : [])].join('\n'),
    html: `<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#212529;font-size:14px"><h2 style="font-size:18px;margin:0 0 12px">${escapeHtml(message.title)}</h2>${paragraphs}${button}</body></html>`,
  };
}
