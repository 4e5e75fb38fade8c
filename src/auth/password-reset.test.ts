import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browse, CookieJar, startAuthServer } from '../../test/support/auth-server.ts';
import { type SmtpCapture, startSmtpCapture } from '../../test/support/smtp-capture.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { insertUser } from '../db/users-repo.ts';
import { type Mailer, smtpMailer } from './mailer.ts';
import { createResetLink } from './password-reset.ts';

const OLD = 'the old password 1';

describe.each(DIALECTS)('password reset with better-auth tokens (%s)', (dialect) => {
  let store: TestStore;
  let smtp: SmtpCapture;
  let mailer: Mailer;
  let server: Awaited<ReturnType<typeof startAuthServer>>;

  beforeAll(async () => {
    store = await createTestStore(dialect);
    smtp = await startSmtpCapture();
    mailer = smtpMailer(smtp.url, 'UDN <udn@example.test>');
    server = await startAuthServer(store, { mailer });
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    mailer?.close();
    await smtp?.close();
    await store?.dispose();
  });

  const post = (path: string, body: unknown, jar = new CookieJar()) =>
    browse(jar, `${server.url}/api/auth${path}`, { method: 'POST', body });

  const signIn = async (email: string, password: string) => {
    const jar = new CookieJar();
    const { response } = await post('/sign-in/email', { email, password }, jar);
    return { status: response.status, signedIn: jar.has('127.0.0.1', 'udn.session_token') };
  };

  const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

  it('mails a link to the reset page; it sets a new password once, and the old one stops working', async () => {
    await insertUser(store.db, store.dialect, { email: 'dana@example.test', name: 'Dana', password: OLD });
    const asked = await post('/request-password-reset', { email: 'Dana@example.test' });
    expect(asked.response.status).toBe(200);

    const mail = await smtp.next('dana@example.test');
    expect(mail.from).toBe('udn@example.test');
    expect(mail.subject).toBe('Reset your UDN password / Atur ulang kata sandi UDN');
    const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(mail.text)?.[1];
    expect(link?.startsWith(`${server.url}/reset-password?token=`)).toBe(true);
    expect(mail.text).toContain('within 60 minutes');

    const reset = await post('/reset-password', { newPassword: 'a brand new secret', token: tokenOf(link!) });
    expect(reset.response.status).toBe(200);
    expect(await signIn('dana@example.test', 'a brand new secret')).toEqual({ status: 200, signedIn: true });
    expect(await signIn('dana@example.test', OLD)).toEqual({ status: 401, signedIn: false });

    const replay = await post('/reset-password', { newPassword: 'someone else wins', token: tokenOf(link!) });
    expect(replay.response.status).toBe(400);
    expect(await replay.response.json()).toMatchObject({ code: 'INVALID_TOKEN' });
    expect(await signIn('dana@example.test', 'someone else wins')).toEqual({ status: 401, signedIn: false });
  });

  it('refuses an expired link and leaves the password as it was', async () => {
    await insertUser(store.db, store.dialect, { email: 'eli@example.test', name: 'Eli', password: OLD });
    await post('/request-password-reset', { email: 'eli@example.test' });
    const mail = await smtp.next('eli@example.test');
    const token = tokenOf(/(http:\/\/\S+\/reset-password\?token=\S+)/.exec(mail.text)![1]!);
    const past = new Date(Date.now() - 1000);
    await store.db
      .updateTable('verification')
      .set({ expiresAt: store.dialect === 'postgres' ? past : past.toISOString() })
      .where('identifier', '=', `reset-password:${token}`)
      .execute();
    const expired = await post('/reset-password', { newPassword: 'too late for this', token });
    expect(expired.response.status).toBe(400);
    expect(await expired.response.json()).toMatchObject({ code: 'INVALID_TOKEN' });
    expect(await signIn('eli@example.test', OLD)).toEqual({ status: 200, signedIn: true });
  });

  it('mails nothing for an unknown address and answers the same', async () => {
    const before = smtp.messages.length;
    const asked = await post('/request-password-reset', { email: 'nobody@example.test' });
    expect(asked.response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.length).toBe(before);
  });

  it('makes a one-time link an admin copies, with nothing mailed', async () => {
    await insertUser(store.db, store.dialect, { email: 'fay@example.test', name: 'Fay', password: OLD });
    const before = smtp.messages.length;
    const link = await createResetLink(
      server.auth,
      { email: 'fay@example.test', appOrigin: server.url },
      Date.parse('2026-12-05T12:00:00Z'),
    );
    expect(link.expiresAt).toBe('2026-12-05T13:00:00.000Z');
    expect(link.url.startsWith(`${server.url}/reset-password?token=`)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.length).toBe(before);
    const reset = await post('/reset-password', {
      newPassword: 'chosen by fay now',
      token: tokenOf(link.url),
    });
    expect(reset.response.status).toBe(200);
    expect(await signIn('fay@example.test', 'chosen by fay now')).toEqual({ status: 200, signedIn: true });
    const replay = await post('/reset-password', {
      newPassword: 'chosen by someone',
      token: tokenOf(link.url),
    });
    expect(replay.response.status).toBe(400);
  });
});
