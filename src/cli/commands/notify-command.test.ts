import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpCapture, startSmtpCapture } from '../../../test/support/smtp-capture.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { saveSmtpSettings } from '../../services/notifications/smtp-settings.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);
/** The real CLI in a child process, with `env` over this process's environment (UDN_SMTP_URL unset unless given). */
const udn = (env: Record<string, string>, ...args: string[]) => {
  const { UDN_SMTP_URL: _url, UDN_SMTP_FROM: _from, ...inherited } = process.env;
  return run(process.execPath, [path.join(ROOT, 'bin/udn.js'), ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
  }).then(
    (done) => ({ ...done, code: 0 }),
    (failed: { stdout: string; stderr: string; code: number }) => ({
      stdout: failed.stdout,
      stderr: failed.stderr,
      code: failed.code,
    }),
  );
};

describe('udn notify test', () => {
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
  });
  afterAll(() => smtp?.close());

  it('an address: a test e-mail through UDN_SMTP_URL, received by a real SMTP server', async () => {
    const result = await udn(
      { UDN_SMTP_URL: smtp.url, UDN_SMTP_FROM: 'UDN <cli@example.test>' },
      'notify',
      'test',
      'ops@example.test',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `sent: a test e-mail to ops@example.test through ${smtp.url} (UDN_SMTP_URL)\n`,
    );
    const mail = await smtp.next('ops@example.test');
    expect(mail.subject).toBe('UDN test message');
    expect(mail.from).toBe('cli@example.test');
    expect(mail.text).toContain('udn notify test');
  });

  it('an SMTP server that is not there: exit 1 with its error', async () => {
    const result = await udn({ UDN_SMTP_URL: 'smtp://127.0.0.1:1' }, 'notify', 'test', 'ops@example.test');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('udn: e-mail to ops@example.test failed: connect ECONNREFUSED 127.0.0.1:1\n');
  });

  it('neither an address nor a chat incoming-webhook URL: exit 1 saying what is accepted', async () => {
    for (const target of ['https://example.com/hook', 'not-an-address']) {
      const result = await udn({}, 'notify', 'test', target);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${target} is neither an e-mail address nor an incoming-webhook URL`);
      expect(result.stderr).toContain('https://hooks.slack.com/services/');
    }
  });
});

describe.each(DIALECTS)('udn notify test with the settings page’s SMTP server on %s', (dialect) => {
  let store: TestStore;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    smtp = await startSmtpCapture({ login: { user: 'mailer', pass: 's3cret pass' } });
  });
  afterAll(async () => {
    await smtp?.close();
    await store?.dispose();
  });

  it('without UDN_SMTP_URL: none saved is exit 1; once saved, it is used with its sealed password', async () => {
    const none = await udn({}, 'notify', 'test', 'ops@example.test', '--db', store.target);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^udn: no SMTP server: set UDN_SMTP_URL/);
    await saveSmtpSettings(store, {
      url: smtp.url.replace('smtp://', 'smtp://mailer:s3cret%20pass@'),
      from: 'Sales <sales@example.test>',
    });
    const sent = await udn({}, 'notify', 'test', 'ops@example.test', '--db', store.target);
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toBe(`sent: a test e-mail to ops@example.test through ${smtp.url} (settings page)\n`);
    const mail = await smtp.next('ops@example.test');
    expect(mail).toMatchObject({
      from: 'sales@example.test',
      authUser: 'mailer',
      subject: 'UDN test message',
    });
  });
});
