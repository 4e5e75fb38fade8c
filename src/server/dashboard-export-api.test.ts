import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError, Dashboard, KpiReport } from '../core/contracts/api.ts';
import { dateFormat, formatValue } from '../core/format.ts';
import { METRICS, type MetricKey } from '../core/kpis/definitions.ts';
import { decodePng, inkedPixels, pngSize } from '../services/render/png-pixels.ts';

const Q1 = 'period=2026-Q1';

/** The text of a PDF, its pages joined, as a reader copying it would get it. */
async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

/** Every page's MediaBox: pdfkit writes page dictionaries uncompressed. */
const mediaBoxes = (pdf: Buffer): string[] =>
  [...pdf.toString('latin1').matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1]!.trim());

describe.each(DIALECTS)('dashboard PDF and widget PNG on %s', (dialect) => {
  let t: TestApp;
  let dashboard: Dashboard;
  let rep: TestPerson;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const found = (await t.getJson<Dashboard[]>('/api/v1/dashboards')).find((d) => d.isDefault);
    if (!found) throw new Error('the organisation has its default dashboard');
    dashboard = found;
    rep = await addTestPerson(t.store, await t.org(), 'rep', { repId: 'R01' });
  });
  afterAll(() => t.dispose());

  const get = (url: string, headers?: { authorization: string }) =>
    t.app.inject({ url, ...(headers ? { headers } : {}) });
  // The owner's A4 PDF of Q1, made once and read by several tests: each PDF takes a second or two.
  let owners: Promise<Buffer> | undefined;
  const ownersPdf = () => {
    owners ??= get(`/api/v1/dashboards/${dashboard.id}/export.pdf?${Q1}&paper=a4`).then((r) => r.rawPayload);
    return owners;
  };

  it('the PDF names the dashboard, the period and its generation time, and prints every KPI card as the KPI report does', async () => {
    const day = () => dateFormat('en', { timeZone: 'Asia/Jakarta', dateStyle: 'medium' }).format(Date.now());
    const before = day();
    const response = await get(`/api/v1/dashboards/${dashboard.id}/export.pdf?${Q1}`);
    const after = day();
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain('filename="Sales-KPIs-2026-Q1.pdf"');
    const { text, pages } = await pdfText(response.rawPayload);
    expect(text).toContain('Sales KPIs');
    expect(text).toContain('Q1 2026 (Jan 1, 2026 – Mar 31, 2026)');
    expect(text).toContain('compared with Oct 1, 2025 – Dec 31, 2025');
    expect(text).toContain('Scope: Organisation');
    expect([before, after].some((date) => text.includes(`Generated ${date}`))).toBe(true);
    expect(text).toContain('(Asia/Jakarta)');
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);

    const report = await t.getJson<KpiReport>(`/api/v1/kpis?${Q1}`);
    const cards = dashboard.widgets.filter((w) => w.type === 'kpi_card');
    expect(cards.length).toBeGreaterThanOrEqual(10);
    for (const card of cards) {
      const metric = card.config.metric as MetricKey;
      const value = formatValue(report.org[metric], METRICS[metric].unit, { locale: 'en', currency: 'USD' });
      expect(text, `${metric} ${value}`).toContain(`${METRICS[metric].label.en}\n${value}\n`);
    }
    // Hand-checked against conformance/examples/small/expected/2026-01-01_2026-03-31.json: the
    // organisation's revenue in the team table, the churn card and its change in points.
    expect(text).toMatch(/Organisation \$221,903\.21 26\.4%/);
    expect(text).toContain('Churn rate\n5.3%\n-3.8 pp vs 9.1%');
  });

  it('lays the pages out landscape on A4 (841.89 × 595.28 pt) or Letter (792 × 612 pt)', async () => {
    const letter = await get(`/api/v1/dashboards/${dashboard.id}/export.pdf?${Q1}&paper=letter`);
    const a4Boxes = mediaBoxes(await ownersPdf());
    const letterBoxes = mediaBoxes(letter.rawPayload);
    expect(a4Boxes.length).toBeGreaterThan(1);
    expect(new Set(a4Boxes)).toEqual(new Set(['0 0 841.89 595.28']));
    expect(new Set(letterBoxes)).toEqual(new Set(['0 0 792 612']));
  });

  it("a rep's PDF of the default dashboard shows their own row and no other rep's name", async () => {
    const response = await get(`/api/v1/dashboards/${dashboard.id}/export.pdf?${Q1}`, rep.headers);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const { text } = await pdfText(response.rawPayload);
    const named = new Set([...text.matchAll(/\bRep (\d+)\b/g)].map((m) => m[1]));
    expect(named).toEqual(new Set(['1']));
    // The organisation and teams are everyone's; the rep's own numbers are there.
    expect(text).toMatch(/Organisation \$221,903\.21/);
    expect(text).toMatch(/Rep 1 Jakarta \$22,250\.20/);
    // The owner's PDF of the same dashboard does name the others: the scan above can fail.
    expect((await pdfText(await ownersPdf())).text).toContain('Rep 12');
  });

  it('a dashboard the caller may not see is 404, a rep scope they may not see is 403', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dashboards',
      payload: { name: 'Owner only', widgets: [] },
    });
    expect(created.statusCode).toBe(201);
    const hidden = created.json<Dashboard>();
    const pdf = await get(`/api/v1/dashboards/${hidden.id}/export.pdf?${Q1}`, rep.headers);
    expect(pdf.statusCode).toBe(404);
    const png = await get(`/api/v1/dashboards/${hidden.id}/widgets/x/export.png?${Q1}`, rep.headers);
    expect(png.statusCode).toBe(404);
    const other = await get(`/api/v1/dashboards/${dashboard.id}/export.pdf?${Q1}&scope=rep:R02`, rep.headers);
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain('Rep 2');
  });

  it.each([
    ['paper=a3', 'paper'],
    ['period=2026-Q9', 'period'],
    ['compare=yesterday', 'compare'],
    ['scope=galaxy', 'scope'],
  ])('bad %s → 400 naming %s', async (query, field) => {
    const response = await get(`/api/v1/dashboards/${dashboard.id}/export.pdf?${query}`);
    expect(response.statusCode).toBe(400);
    const body = response.json<ApiError>();
    expect(body.field).toBe(field);
  });

  it('a widget PNG is an image of the asked width with the chart drawn; an unknown widget is 404', async () => {
    const response = await get(
      `/api/v1/dashboards/${dashboard.id}/widgets/revenue-trend/export.png?${Q1}&width=600&scale=1`,
    );
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-disposition']).toContain(
      'filename="Sales-KPIs-revenue-trend-2026-Q1.png"',
    );
    const size = pngSize(response.rawPayload);
    expect(size.width).toBe(600);
    expect(size.height).toBeGreaterThan(300);
    expect(inkedPixels(decodePng(response.rawPayload))).toBeGreaterThan(5000);
    const twice = await get(
      `/api/v1/dashboards/${dashboard.id}/widgets/team-table/export.png?${Q1}&width=800`,
    );
    expect(pngSize(twice.rawPayload).width).toBe(1600);
    const missing = await get(`/api/v1/dashboards/${dashboard.id}/widgets/nope/export.png?${Q1}`);
    expect(missing.statusCode).toBe(404);
  });
});
