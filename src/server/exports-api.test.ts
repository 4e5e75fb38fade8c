import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../test/support/read-csv.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { DrilldownResponse, KpiReport } from '../core/contracts/api.ts';
import { METRIC_KEYS, METRICS } from '../core/kpis/definitions.ts';

const PERIOD = 'period=2026-Q1';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The first sheet of an XLSX as its header and rows of cell values (exceljs reads numbers as numbers). */
async function readXlsx(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(body).buffer);
  const sheet = workbook.worksheets[0]!;
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push(values.slice(1));
  });
  return { workbook, sheet, header: rows[0] as string[], rows: rows.slice(1) };
}

/** CSV rows as objects keyed by the header. */
function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, at) => [name, row[at] ?? ''])));
}

describe.each(DIALECTS)('table exports on %s', (dialect) => {
  let t: TestApp;
  let whole: KpiReport;
  let previous: KpiReport;
  /** A won deal of the period whose name is planted as +SUM(A1). */
  let planted: string;
  const people = {} as Record<'rep' | 'manager' | 'viewer', TestPerson>;

  const get = async (url: string, person?: TestPerson) => {
    const response = await t.app.inject({ url, ...(person ? { headers: person.headers } : {}) });
    return response;
  };
  const ok = async (url: string, person?: TestPerson) => {
    const response = await get(url, person);
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
    return response;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.org();
    people.rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    people.manager = await addTestPerson(t.store, org, 'manager', { teams: ['Jakarta'] });
    people.viewer = await addTestPerson(t.store, org, 'viewer');
    // Names someone else typed, planted where exports write them: formula-like text.
    await t.store.db.updateTable('reps').set({ name: '=1+1' }).where('id', '=', 'R02').execute();
    await t.store.db.updateTable('reps').set({ name: '@cmd' }).where('id', '=', 'R03').execute();
    await t.store.db.updateTable('deals').set({ name: '-2+3' }).where('owner_rep_id', '=', 'R02').execute();
    const won = await t.getJson<DrilldownResponse>(
      `/api/v1/drilldown?metric=deals_won&${PERIOD}&pageSize=500`,
    );
    planted = won.rows.find((row) => row.owner === 'Rep 5')!.id as string;
    await t.store.db.updateTable('deals').set({ name: '+SUM(A1)' }).where('id', '=', planted).execute();
    whole = await t.getJson<KpiReport>(`/api/v1/kpis?${PERIOD}`);
    previous = await t.getJson<KpiReport>(
      `/api/v1/kpis?from=${whole.period.previous.from}&to=${whole.period.previous.to}`,
    );
  }, 60_000);
  afterAll(() => t.dispose());

  it('the KPI report as CSV: every metric of the organisation equals GET /kpis, with the previous period and change', async () => {
    const response = await ok(`/api/v1/exports/kpis?${PERIOD}&format=csv`);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="udn-kpis-2026-Q1.csv"');
    const text = response.body;
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFMetric,Key,Unit,Value,Previous period,Change,Change (percentage points)',
    );
    const rows = csvObjects(text.slice(1));
    expect(rows.map((row) => row.Key)).toEqual([...METRIC_KEYS]);
    for (const row of rows) {
      const key = row.Key as (typeof METRIC_KEYS)[number];
      const value = whole.org[key];
      const before = previous.org[key];
      expect(row.Value, key).toBe(value === null ? '' : String(value));
      expect(row['Previous period'], key).toBe(before === null ? '' : String(before));
      expect(row.Metric).toBe(METRICS[key].label.en);
      if (METRICS[key].unit === 'money') expect(row.Unit).toBe('USD');
    }
    // Hand-checked change: revenue relative to the previous quarter; a rate in percentage points.
    const revenue = rows.find((row) => row.Key === 'revenue')!;
    expect(Number(revenue.Change)).toBeCloseTo(
      (whole.org.revenue! - previous.org.revenue!) / previous.org.revenue!,
      12,
    );
    const openRate = rows.find((row) => row.Key === 'email_open_rate')!;
    expect(Number(openRate['Change (percentage points)'])).toBeCloseTo(
      (whole.org.email_open_rate! - previous.org.email_open_rate!) * 100,
      9,
    );
  });

  it('the KPI report as XLSX: numbers are numbers, money formatted in USD, rates as %; an About sheet says what it is', async () => {
    const response = await ok(`/api/v1/exports/kpis?${PERIOD}&scope=team:Jakarta&format=xlsx`);
    expect(response.headers['content-type']).toBe(XLSX_TYPE);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="udn-kpis-2026-Q1-team-Jakarta.xlsx"',
    );
    const { workbook, sheet, header, rows } = await readXlsx(response.rawPayload);
    expect(header).toEqual([
      'Metric',
      'Key',
      'Unit',
      'Value',
      'Previous period',
      'Change',
      'Change (percentage points)',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    for (let at = 1; at <= sheet.columnCount; at += 1)
      expect(sheet.getRow(1).getCell(at).font?.bold).toBe(true);
    const team = whole.teams.Jakarta!;
    rows.forEach((row, at) => {
      const key = row[1] as (typeof METRIC_KEYS)[number];
      expect(row[3] ?? null, key).toBe(team[key]);
      if (team[key] !== null) expect(typeof row[3]).toBe('number');
      const format = sheet.getRow(at + 2).getCell(4).numFmt;
      if (team[key] !== null && METRICS[key].unit === 'money') expect(format, key).toBe('#,##0.00');
      if (team[key] !== null && METRICS[key].unit === 'ratio') expect(format, key).toBe('0.0%');
    });
    const about = workbook.getWorksheet('About')!;
    const notes = about.getColumn(1).values.filter((value) => typeof value === 'string') as string[];
    expect(notes).toContain('Period: 2026-01-01 – 2026-03-31');
    expect(notes).toContain('Scope: team:Jakarta');
    expect(notes).toContain('Currency: USD');
    expect(
      notes.some((note) =>
        /^Generated at: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Asia\/Jakarta\)$/.test(note),
      ),
    ).toBe(true);
  });

  it('the team table: every rep, team and organisation total equals the report; money headed with its currency', async () => {
    const response = await ok(
      `/api/v1/exports/team?${PERIOD}&format=xlsx&metrics=revenue,deals_won,revenue_per_rep`,
    );
    const { header, rows } = await readXlsx(response.rawPayload);
    expect(header).toEqual([
      'Name',
      'Rep ID',
      'Team',
      'Row',
      'Revenue (USD)',
      'Deals won',
      'Revenue per rep (USD)',
      'Tasks completed',
      'Tasks overdue',
    ]);
    const byId = new Map(rows.filter((row) => row[3] === 'rep').map((row) => [row[1] as string, row]));
    expect([...byId.keys()].sort()).toEqual(Object.keys(whole.reps).sort());
    for (const [id, row] of byId) {
      expect(row[4] ?? null, id).toBe(whole.reps[id]!.revenue);
      expect(row[5] ?? null, id).toBe(whole.reps[id]!.deals_won);
      // Revenue per rep is blank on a rep's row (it repeats their revenue), as in the widget.
      expect(row[6] ?? null, id).toBe(null);
    }
    const teamRows = rows.filter((row) => row[3] === 'team total');
    expect(teamRows.map((row) => row[0])).toEqual(Object.keys(whole.teams).sort());
    for (const row of teamRows) expect(row[6]).toBe(whole.teams[row[0] as string]!.revenue_per_rep);
    const org = rows.find((row) => row[3] === 'organisation total')!;
    expect(org[4]).toBe(whole.org.revenue);
    expect(org[0]).toBe('Organisation total');
  });

  it('a drill-down export holds every record behind the metric (all pages), equal to the drill-down', async () => {
    const drill = await t.getJson<DrilldownResponse>(
      `/api/v1/drilldown?metric=deals_won&${PERIOD}&pageSize=500`,
    );
    const response = await ok(`/api/v1/exports/drilldown?metric=deals_won&${PERIOD}&format=csv`);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="udn-drilldown-deals_won-2026-Q1.csv"',
    );
    const rows = csvObjects(response.body.slice(1));
    expect(rows).toHaveLength(whole.org.deals_won!);
    expect(rows).toHaveLength(drill.total);
    expect(rows.map((row) => row.ID)).toEqual(drill.rows.map((row) => row.id));
    const amounts = rows.reduce((total, row) => total + Number(row['Amount (USD)']), 0);
    expect(amounts).toBeCloseTo(whole.org.revenue!, 2);
  });

  it('formula-like text is neutralised in CSV and XLSX; numbers (negative ones too) stay numbers', async () => {
    const csv = (await ok(`/api/v1/exports/drilldown?metric=deals_won&${PERIOD}&format=csv`)).body;
    const rows = csvObjects(csv.slice(1));
    expect(rows.find((row) => row.ID === planted)!.Name).toBe("'+SUM(A1)");
    const r02 = rows.filter((row) => row.Rep === "'=1+1");
    expect(r02.length).toBeGreaterThan(0);
    for (const row of r02) expect(row.Name).toBe("'-2+3");
    expect(csv).not.toMatch(/(^|,)[=+@-][^,]*,/m);
    // The team table names R02 and R03 by their planted names.
    const team = (await ok(`/api/v1/exports/team?${PERIOD}&format=csv`)).body;
    expect(team).toContain("'=1+1,R02,");
    expect(team).toContain("'@cmd,R03,");
    const xlsx = await readXlsx((await ok(`/api/v1/exports/team?${PERIOD}&format=xlsx`)).rawPayload);
    const names = xlsx.rows.map((row) => row[0]);
    expect(names).toContain("'=1+1");
    expect(names).toContain("'@cmd");
    for (const row of xlsx.rows)
      for (const cell of row)
        expect(typeof cell === 'object' && cell !== null && 'formula' in cell).toBe(false);
    // A decline is a negative number, written as one.
    const kpis = await readXlsx((await ok(`/api/v1/exports/kpis?${PERIOD}&format=xlsx`)).rawPayload);
    const negatives = kpis.rows.filter((row) => typeof row[5] === 'number' && (row[5] as number) < 0);
    const csvKpis = csvObjects((await ok(`/api/v1/exports/kpis?${PERIOD}&format=csv`)).body.slice(1));
    const negativeCsv = csvKpis.filter((row) => (row.Change ?? '').startsWith('-'));
    expect(negatives.length).toBe(negativeCsv.length);
    for (const row of negativeCsv) expect(row.Change).toMatch(/^-\d/);
  });

  it("a rep's exports hold only their own rows: no other rep's name or id", async () => {
    const others = Object.keys(whole.reps).filter((id) => id !== 'R01');
    const otherNames = others.map((id) =>
      id === 'R02' ? '=1+1' : id === 'R03' ? '@cmd' : `Rep ${Number(id.slice(1))}`,
    );
    const bodies = [
      (await ok(`/api/v1/exports/team?${PERIOD}&format=csv`, people.rep)).body,
      (await ok(`/api/v1/exports/kpis?${PERIOD}&format=csv&scope=rep:R01`, people.rep)).body,
      ...(await Promise.all(
        ['deals_won', 'new_leads', 'emails_sent', 'new_customers', 'revenue'].map(
          async (metric) =>
            (
              await ok(`/api/v1/exports/drilldown?metric=${metric}&${PERIOD}&format=csv`, people.rep)
            ).body,
        ),
      )),
    ];
    for (const body of bodies) {
      for (const id of others) expect(body).not.toMatch(new RegExp(`\\b${id}\\b`));
      for (const name of otherNames) {
        const escaped = name.replace(/[+=@]/g, (c) => `\\${c}`);
        expect(body).not.toMatch(new RegExp(`(^|[,'"])${escaped}(?![0-9])`, 'm'));
      }
    }
    const team = csvObjects(bodies[0]!.slice(1));
    expect(team.filter((row) => row.Row === 'rep').map((row) => row['Rep ID'])).toEqual(['R01']);
    // Team totals are everyone's, as on GET /kpis.
    expect(Number(team.find((row) => row.Name === 'Jakarta')!['Revenue (USD)'])).toBe(
      whole.teams.Jakarta!.revenue,
    );
    const deals = csvObjects(bodies[2]!.slice(1));
    expect(deals).toHaveLength(whole.reps.R01!.deals_won!);
    // Another rep's scope is refused, as on the API; a manager's team export holds Jakarta's reps only.
    expect(
      (await get(`/api/v1/exports/kpis?${PERIOD}&format=csv&scope=rep:R02`, people.rep)).statusCode,
    ).toBe(403);
    const managed = csvObjects(
      (await ok(`/api/v1/exports/team?${PERIOD}&format=csv`, people.manager)).body.slice(1),
    );
    expect(
      managed
        .filter((row) => row.Row === 'rep')
        .map((row) => row['Rep ID'])
        .sort(),
    ).toEqual(['R01', 'R04', 'R07', 'R10']);
    const viewer = csvObjects(
      (await ok(`/api/v1/exports/team?${PERIOD}&format=csv`, people.viewer)).body.slice(1),
    );
    expect(viewer.filter((row) => row.Row === 'rep')).toEqual([]);
  });

  it('a bad format is a 400 naming format; an unknown team names scope; the import history is for admins', async () => {
    for (const url of [
      `/api/v1/exports/kpis?${PERIOD}&format=pdf`,
      `/api/v1/exports/kpis?${PERIOD}`,
      `/api/v1/exports/drilldown?metric=revenue&${PERIOD}&format=xls`,
      '/api/v1/exports/goals?format=json',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ field: string }>().field, url).toBe('format');
    }
    const unknown = await get(`/api/v1/exports/team?${PERIOD}&format=csv&scope=team:Atlantis`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ field: string }>().field).toBe('scope');
    expect((await get('/api/v1/exports/imports?format=csv', people.rep)).statusCode).toBe(403);
    const imports = csvObjects((await ok('/api/v1/exports/imports?format=csv')).body.slice(1));
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({
      Status: 'succeeded',
      Source: 'test',
      Errors: '0',
      'Changed data': 'TRUE',
    });
    expect(Number(imports[0]!.Inserted)).toBeGreaterThan(400);
  });

  it('goals and tasks export what GET /goals and GET /tasks list, in Bahasa Indonesia when asked', async () => {
    const goal = await t.app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      payload: {
        name: '=HYPERLINK("x")',
        start_date: '2026-01-01',
        due_date: '2026-03-31',
        targets: [{ name: 'Revenue Q1', kind: 'kpi', metric: 'revenue', scope: 'org', target_value: 100000 }],
      },
    });
    expect(goal.statusCode, goal.body).toBe(201);
    const task = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: '-call back', assignee_rep_id: 'R02', due_date: '2026-02-01' },
    });
    expect(task.statusCode, task.body).toBe(201);
    const goals = csvObjects((await ok('/api/v1/exports/goals?format=csv&today=2026-02-15')).body.slice(1));
    const row = goals.find((entry) => entry.Goal === `'=HYPERLINK("x")`)!;
    expect(row).toMatchObject({
      Target: 'Revenue Q1',
      Metric: 'revenue',
      Unit: 'USD',
      'Target value': '100000',
    });
    const listed = await t.getJson<{
      goals: { name: string; targets: { current_value: number | null }[] }[];
    }>('/api/v1/goals?today=2026-02-15');
    const current = listed.goals.find((entry) => entry.name === '=HYPERLINK("x")')!.targets[0]!.current_value;
    expect(Number(row['Current value'])).toBe(current);
    const tasks = (await ok('/api/v1/exports/tasks?format=csv&lang=id')).body;
    const taskRows = csvObjects(tasks.slice(1));
    expect(Object.keys(taskRows[0]!)).toContain('Penanggung jawab');
    expect(
      taskRows.find((entry) => entry['ID tugas'] === String(task.json<{ id: number }>().id)),
    ).toMatchObject({
      Judul: "'-call back",
      'ID tenaga penjual': 'R02',
      'Jatuh tempo': '2026-02-01',
    });
    // The rep R01 sees no task of R02's.
    const own = csvObjects((await ok('/api/v1/exports/tasks?format=csv', people.rep)).body.slice(1));
    expect(own.some((entry) => entry['Rep ID'] === 'R02')).toBe(false);
  });
});
