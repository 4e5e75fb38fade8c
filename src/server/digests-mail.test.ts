import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedMail, type SmtpCapture, startSmtpCapture } from '../../test/support/smtp-capture.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { Dashboard } from '../core/contracts/api.ts';
import type { Digest, DigestSendResult } from '../core/contracts/digests.ts';
import { formatValue } from '../core/format.ts';
import { METRICS, type MetricKey } from '../core/kpis/definitions.ts';
import { parseNamedPeriod } from '../core/periods.ts';
import { principalOfToken } from '../services/access/api-tokens.ts';
import { escapeHtml } from '../services/digests/digest-mail.ts';
import { kpiReport, plainPeriod } from '../services/kpis/kpi-report.ts';
import { dashboardSnapshot } from '../services/render/dashboard-snapshot.ts';

/**
 * The digest as a recipient's mail client receives it, from a real SMTP server (smtp-server): the
 * default dashboard's figures equal the KPI report's, its charts are inline PNGs, the PDF is
 * attached when asked, and a rep's copy holds nothing of another rep.
 */

const PUBLIC_URL = 'https://udn.example.test';
const FEB = parseNamedPeriod('2026-02')!;

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

// One SMTP server for the file: the server's mailer reads UDN_SMTP_URL once per process.
let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  process.env.UDN_SMTP_URL = smtp.url;
  process.env.UDN_PUBLIC_URL = PUBLIC_URL;
});
afterAll(async () => {
  await smtp?.close();
});

describe.each(DIALECTS)('digest e-mail on %s', (dialect) => {
  let t: TestApp;
  let dashboard: Dashboard;
  let rep: TestPerson;
  beforeAll(async () => {
    t = await createTestApp(dialect, { digests: { enabled: false } });
    dashboard = (await t.getJson<Dashboard[]>('/api/v1/dashboards')).find((d) => d.isDefault)!;
    rep = await addTestPerson(t.store, await t.org(), 'rep', { repId: 'R01' });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const create = async (body: object, headers?: { authorization: string }): Promise<Digest> => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/digests',
      payload: body,
      ...(headers ? { headers } : {}),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Digest>();
  };
  const send = async (id: number, headers?: { authorization: string }): Promise<DigestSendResult> => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/digests/${id}/send`,
      payload: { period: '2026-02' },
      ...(headers ? { headers } : {}),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<DigestSendResult>();
  };

  it('the default dashboard: subject, recipients, every KPI figure as the KPI report formats it, inline charts, the PDF', async () => {
    const digest = await create({
      name: 'Sales KPIs',
      dashboardId: dashboard.id,
      frequency: 'monthly',
      day: 1,
      localTime: '08:00',
      recipients: { users: [t.owner.user.id], emails: ['cfo@outside.test'] },
      attachPdf: true,
    });
    const result = await send(digest.id);
    expect(result.status).toBe('sent');
    expect(result.period).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(result.deliveries.map((d) => [d.email, d.as, d.status])).toEqual([
      [t.owner.user.email, 'owner', 'sent'],
      ['cfo@outside.test', 'viewer', 'sent'],
    ]);
    const mail = await smtp.next(t.owner.user.email, 10_000);
    expect(mail.to).toEqual([t.owner.user.email]);
    expect(mail.subject).toBe('Monthly: Sales KPIs — 1–28 Feb 2026');
    const html = mail.html ?? '';
    expect(html).toContain('Org 42');

    // Every KPI card's figure is the KPI report's value, formatted as the app formats it.
    const org = await t.org();
    const report = await kpiReport(t.store, org, FEB);
    const cards = dashboard.widgets.filter((w) => w.type === 'kpi_card');
    expect(cards.length).toBe(10);
    for (const card of cards) {
      const metric = (card.config as { metric: MetricKey }).metric;
      const shown = formatValue(report.org[metric], METRICS[metric].unit, {
        locale: 'en',
        currency: org.currency,
      });
      expect(html, `${metric} = ${shown}`).toContain(`>${escapeHtml(shown)}<`);
      expect(mail.text, `${metric} in the text part`).toContain(`: ${shown}`);
    }
    expect(report.org.revenue).toBeGreaterThan(0);

    // One inline PNG per chart of the snapshot, each referenced by its cid in the HTML.
    const owner = (await principalOfToken(t.store, t.owner.token))!;
    const snapshot = await dashboardSnapshot(t.store, org, dashboard.id, plainPeriod(FEB), owner);
    const charts = snapshot.items.filter((i) => i.kind === 'chart').length;
    expect(charts).toBeGreaterThanOrEqual(4);
    const inline = mail.attachments.filter((a) => a.cid !== null);
    expect(inline.length).toBe(charts);
    for (const image of inline) {
      expect(image.contentType).toBe('image/png');
      expect(image.content.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(html).toContain(`cid:${image.cid}`);
    }
    // Links back into the app, absolute.
    expect(html).toMatch(new RegExp(`href="${PUBLIC_URL}/dashboards/${dashboard.id}[^"]*"`));

    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe('Sales-KPIs.pdf');
    const text = await pdfText(pdf!.content);
    expect(text).toContain('Sales KPIs');
    expect(text).toContain(
      formatValue(report.org.revenue, 'money', { locale: 'en', currency: org.currency }),
    );

    // The address outside the organisation gets aggregates only: no rep's name.
    const outside = await smtp.next('cfo@outside.test', 10_000);
    expect(`${outside.html}\n${outside.text}`).not.toMatch(/Rep \d+/);

    const stored = await t.getJson<Digest>(`/api/v1/digests/${digest.id}`);
    expect(stored.lastStatus).toBe('sent');
    expect(stored.lastMessage).toBe('sent to 2 of 2');
  });

  /** Every rep name and rep id other than R01's, and the values that belong to other reps only. */
  const otherReps = async (): Promise<{ names: RegExp; values: string[] }> => {
    const org = await t.org();
    const report = await kpiReport(t.store, org, FEB);
    const shared = new Set<number | null>([
      report.org.revenue,
      ...Object.values(report.teams).map((team) => team.revenue),
      report.reps.R01?.revenue ?? null,
    ]);
    const values = Object.entries(report.reps)
      .filter(([id, r]) => id !== 'R01' && r.revenue !== null && r.revenue > 0 && !shared.has(r.revenue))
      .map(([, r]) => formatValue(r.revenue, 'money', { locale: 'en', currency: org.currency }));
    expect(values.length).toBeGreaterThan(2);
    return { names: /\bRep (?!1\b)\d+\b|\bR(?!01\b)\d\d\b/, values };
  };
  const body = (mail: CapturedMail): string =>
    `${mail.subject}\n${mail.html}\n${mail.text}\n${mail.attachments.map((a) => a.filename).join('\n')}`;

  it("a rep's dashboard digest holds no other rep's name or value", async () => {
    const digest = await create(
      {
        name: 'My dashboard',
        dashboardId: dashboard.id,
        frequency: 'weekly',
        day: 1,
        localTime: '07:00',
        recipients: { users: [rep.user.id] },
        attachPdf: true,
      },
      rep.headers,
    );
    expect((await send(digest.id, rep.headers)).status).toBe('sent');
    const mail = await smtp.next(rep.user.email, 10_000);
    const { names, values } = await otherReps();
    const all = body(mail);
    expect(all).not.toMatch(names);
    for (const value of values) expect(all).not.toContain(value);
    const pdf = await pdfText(mail.attachments.find((a) => a.contentType === 'application/pdf')!.content);
    expect(pdf).not.toMatch(names);
    for (const value of values) expect(pdf).not.toContain(value);
  });

  it("a rep's My week: own KPIs against the month before, own targets, tasks and deals; nobody else's", async () => {
    const digest = await create(
      {
        name: 'My week',
        dashboardId: null,
        frequency: 'weekly',
        day: 1,
        localTime: '07:00',
        recipients: { users: [rep.user.id] },
      },
      rep.headers,
    );
    expect((await send(digest.id, rep.headers)).status).toBe('sent');
    const mail = await smtp.next(rep.user.email, 10_000);
    const org = await t.org();
    const report = await kpiReport(t.store, org, FEB);
    const own = formatValue(report.reps.R01?.revenue ?? null, 'money', {
      locale: 'en',
      currency: org.currency,
    });
    expect(mail.html).toContain(`>${escapeHtml(own)}<`);
    expect(mail.html).toContain('Targets and pace');
    expect(mail.html).toContain('Deals that moved');
    expect(mail.attachments).toEqual([]);
    const { names, values } = await otherReps();
    expect(body(mail)).not.toMatch(names);
    for (const value of values) expect(body(mail)).not.toContain(value);
  });

  it('hostile names are escaped in the HTML', async () => {
    const digest = await create({
      name: '<script>alert(1)</script> & "Co"',
      dashboardId: null,
      frequency: 'daily',
      localTime: '06:00',
      recipients: { users: [t.owner.user.id] },
    });
    await send(digest.id);
    const mail = await smtp.next(t.owner.user.email, 10_000);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(mail.subject).toBe('Daily: <script>alert(1)</script> & "Co" — 1–28 Feb 2026');
  });
});
