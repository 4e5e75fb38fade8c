import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationSettings } from '../src/core/contracts/notifications.ts';
import { type SmtpCapture, startSmtpCapture } from '../test/support/smtp-capture.ts';
import { getJson } from './support/api.ts';
import { newContext } from './support/chromium.ts';
import { OWNER } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();
const LOGIN = { user: 'udn-mailer', pass: 'p@ss word/1' };

let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await startSmtpCapture({ login: LOGIN });
});
afterAll(async () => {
  await smtp?.close();
});

const port = () => new URL(smtp.url).port;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now (as accessibility.e2e.ts). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }
    ).axe;
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: unknown[] };
    return result.violations;
  })) as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${v.help}`));
}

describe('notification settings in the browser', () => {
  it('an admin sets the SMTP server with a masked password; the test send arrives, a dead host says why', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/`);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-notifications').click();
    await page.getByTestId('smtp-url').waitFor();

    await page.getByTestId('smtp-url').fill(`smtp://${LOGIN.user}@127.0.0.1:${port()}`);
    await page.getByTestId('smtp-from').fill('UDN <udn@udn.test>');
    await page.getByTestId('smtp-password').fill(LOGIN.pass);
    expect(await page.getByTestId('smtp-password').getAttribute('type')).toBe('password');
    const saved = page.waitForResponse(
      (response) => response.request().method() === 'PUT' && response.url().endsWith('/notifications/smtp'),
    );
    await page.getByTestId('smtp-save').click();
    expect((await saved).status()).toBe(200);
    await page.getByText('Saved.', { exact: true }).waitFor();
    // The password is never shown back: the page says one is saved, the URL comes back without it.
    await page.getByText('A password is saved.').waitFor();
    expect(await page.getByTestId('smtp-url').inputValue()).toBe(`smtp://${LOGIN.user}@127.0.0.1:${port()}`);
    expect(await page.getByTestId('smtp-password').inputValue()).toBe('');

    await page.getByTestId('smtp-test-to').fill('someone@udn.test');
    const arrived = smtp.next('someone@udn.test');
    await page.getByTestId('smtp-test').click();
    const mail = await arrived;
    expect(mail.authUser).toBe(LOGIN.user);
    expect(mail.from).toContain('udn@udn.test');
    expect(await page.getByTestId('smtp-test-result').textContent()).toBe(
      'The test message was accepted for someone@udn.test.',
    );

    // A host where nothing listens: the server's error, in the page, and the page still works.
    await page.getByTestId('smtp-url').fill('smtp://127.0.0.1:1');
    await page.getByTestId('smtp-save').click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    await page.getByTestId('smtp-test').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="smtp-test-result"]')?.getAttribute('role') === 'alert',
      undefined,
      { timeout: 30_000 },
    );
    const failure = (await page.getByTestId('smtp-test-result').textContent()) ?? '';
    expect(failure).toMatch(/^The test was not sent: .*(ECONNREFUSED|connect|refused)/i);
    await context.close();
  });

  it('a member chooses channels and quiet hours; a URL that is no Slack webhook is refused on its field', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/account`);
    await page.getByTestId('notify-matrix').waitFor();
    // Chat channels wait for their URL; email and the app are there from the start.
    expect(await page.getByTestId('notify-alert-slack').isDisabled()).toBe(true);
    expect(await page.getByTestId('notify-alert-email').isChecked()).toBe(true);
    expect(await page.getByTestId('notify-digest-app').isChecked()).toBe(false);

    await page.getByTestId('notify-slackUrl').fill('https://example.com/not-slack');
    await page.getByTestId('notify-save').click();
    const field = page.getByTestId('notify-slackUrl');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="notify-slackUrl"]')?.getAttribute('aria-invalid') === 'true',
    );
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const error = await page
      .locator(`[id="${describedBy.split(' ').find((id) => id.endsWith('error'))}"]`)
      .textContent();
    expect(error).toMatch(/slack/i);
    // Nothing was written.
    const unchanged = await getJson<NotificationSettings>(suite.udn.url, '/api/v1/me/notification-settings');
    expect(unchanged.slackUrl).toBeNull();

    await field.fill('');
    await page.getByTestId('notify-alert-email').uncheck();
    await page.getByTestId('notify-digest-app').check();
    await page.getByTestId('notify-quiet-from').fill('21:00');
    await page.getByTestId('notify-quiet-to').fill('07:00');
    const saved = page.waitForResponse(
      (response) =>
        response.request().method() === 'PUT' && response.url().endsWith('/notification-settings'),
    );
    await page.getByTestId('notify-save').click();
    expect((await saved).status()).toBe(200);
    const after = await getJson<NotificationSettings>(suite.udn.url, '/api/v1/me/notification-settings');
    expect(after).toMatchObject({
      quietFrom: '21:00',
      quietTo: '07:00',
      slackUrl: null,
      channels: { alert: ['app'], digest: ['app', 'email'] },
    });

    // The test of one's own address reaches it (through the SMTP server the admin set).
    await getJson(suite.udn.url, '/api/v1/notifications/smtp');
    const put = await suite.udn.fetch('/api/v1/notifications/smtp', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `smtp://${encodeURIComponent(LOGIN.user)}:${encodeURIComponent(LOGIN.pass)}@127.0.0.1:${port()}`,
        from: 'udn@udn.test',
      }),
    });
    expect(put.status).toBe(200);
    const arrived = smtp.next(OWNER.email);
    await page.getByTestId('notify-test-email').click();
    await arrived;
    expect(await page.getByTestId('notify-test-email-result').textContent()).toBe(`Sent to ${OWNER.email}.`);
    await context.close();
  });

  it('an admin adds a webhook: a private address needs the switch, the secret is shown once, a failed test is retried from the log', async () => {
    // A receiver on this machine that fails its first request and takes the next.
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(received.length === 1 ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const context = await newContext(suite.browser);
      const page = await context.newPage();
      await page.goto(`${suite.udn.url}/settings/notifications`);
      await page.getByTestId('webhook-new').click();
      await page.getByTestId('webhook-name').fill('Local CRM');
      await page.getByTestId('webhook-url').fill(url);
      await page.getByRole('checkbox', { name: 'A deal is won' }).check();
      await page.getByTestId('webhook-save').click();
      // Refused on the URL's field: a loopback address without the switch.
      await page.waitForFunction(
        () => document.querySelector('[data-testid="webhook-url"]')?.getAttribute('aria-invalid') === 'true',
      );
      expect(await page.getByTestId('webhook-secret').count()).toBe(0);
      await page.getByTestId('webhook-allow-private').check();
      await page.getByTestId('webhook-private-warning').waitFor();
      await page.getByTestId('webhook-save').click();
      const secret = ((await page.getByTestId('webhook-secret').textContent()) ?? '').trim();
      expect(secret.length).toBeGreaterThan(20);
      await page.getByTestId('webhook-secret-done').click();
      const row = page.getByTestId('webhook-row');
      await row.waitFor();
      expect(await row.textContent()).toContain('Local CRM');
      expect(await row.textContent()).toContain('A deal is won, An alert fires');
      // The secret is not on the page any more.
      expect(await page.content()).not.toContain(secret);

      // A test ping: the receiver answers 500, the page says so.
      await page.getByTestId('webhook-menu').click();
      await page.getByTestId('webhook-test').click();
      await page.getByTestId('webhook-test-result').waitFor();
      expect(await page.getByTestId('webhook-test-result').textContent()).toContain('HTTP 500');
      expect(received).toHaveLength(1);
      // Signed with the secret shown: HMAC-SHA256 over timestamp + "." + body.
      const signature = String(received[0]!.headers['udn-signature']);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(signature) ?? [];
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${received[0]!.body}`).digest('hex'));

      // The delivery log shows the 500; a retry sends the same body again and is delivered.
      await page.getByTestId('webhook-menu').click();
      await page.getByTestId('webhook-log').click();
      const delivery = page.getByTestId('webhook-delivery').first();
      await delivery.waitFor();
      expect(await delivery.getByTestId('webhook-delivery-response').textContent()).toContain('500');
      await delivery.getByTestId('webhook-delivery-retry').click();
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="webhook-delivery"] [data-testid="webhook-delivery-status"]')
            ?.textContent === 'Delivered',
      );
      expect(await delivery.getByTestId('webhook-delivery-response').textContent()).toContain('200');
      expect(received).toHaveLength(2);
      expect(received[1]!.body).toBe(received[0]!.body);
      await context.close();
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('an admin schedules a digest to an address, sends it now and it arrives; the pages pass axe in both themes', async () => {
    // The mail goes through the capture server, whatever the tests before left set.
    const put = await suite.udn.fetch('/api/v1/notifications/smtp', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `smtp://${encodeURIComponent(LOGIN.user)}:${encodeURIComponent(LOGIN.pass)}@127.0.0.1:${port()}`,
        from: 'udn@udn.test',
      }),
    });
    expect(put.status).toBe(200);
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/settings/notifications`);
    await page.getByTestId('digest-new').click();
    await page.getByTestId('digest-name').fill('Board Monday');
    await page.getByTestId('digest-emails').fill('board@udn.test');
    await page.keyboard.press('Enter');
    const created = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/api/v1/digests'),
    );
    await page.getByTestId('digest-save').click();
    const answer = await created;
    expect(answer.status()).toBe(201);
    expect(await answer.json()).toMatchObject({
      name: 'Board Monday',
      dashboardId: null,
      frequency: 'weekly',
      day: 1,
      localTime: '08:00',
      recipients: { users: [], teams: [], emails: ['board@udn.test'] },
    });
    const row = page.getByTestId('digest-row');
    await row.waitFor();
    expect(await row.textContent()).toContain('Mondays at 08:00');
    expect(await row.textContent()).toContain('0 members, 0 teams, 1 address');

    const arrived = smtp.next('board@udn.test', 60_000);
    await page.getByTestId('digest-menu').click();
    await page.getByTestId('digest-send').click();
    const mail = await arrived;
    expect(mail.subject).not.toBe('');
    await page.getByTestId('digest-send-result').waitFor({ timeout: 60_000 });
    await page.getByTestId('digest-menu').click();
    expect(await page.getByTestId('digest-preview').getAttribute('href')).toMatch(
      /^\/api\/v1\/digests\/\d+\/preview$/,
    );
    await page.keyboard.press('Escape');
    await context.close();

    for (const colorScheme of ['light', 'dark'] as const) {
      const themed = await newContext(suite.browser, { colorScheme });
      const view = await themed.newPage();
      for (const path of ['/settings/notifications', '/account']) {
        await view.goto(`${suite.udn.url}${path}`);
        await view.waitForSelector('[data-testid="digest-row"], [data-testid="notify-matrix"]');
        await view.waitForLoadState('networkidle');
        await view.waitForTimeout(400);
        expect(await seriousViolations(view), `${path} ${colorScheme}`).toEqual([]);
      }
      await themed.close();
    }
  });
});
