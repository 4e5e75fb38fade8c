import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReports } from '../../../test/support/conformance.ts';
import { parseCsv } from '../../../test/support/read-csv.ts';
import { udn } from '../../../test/support/run-udn.ts';
import { addTestPerson } from '../../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import type { KpiReport } from '../../core/contracts/api.ts';
import { METRIC_KEYS } from '../../core/kpis/definitions.ts';
import { findDefaultOrg } from '../../db/org-repo.ts';

const SMALL = expectedReports('small');

/** CSV rows (after the BOM) as objects keyed by the header. */
function csvObjects(text: string): Record<string, string>[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  return rows.map((row) => Object.fromEntries(header!.map((name, at) => [name, row[at] ?? ''])));
}

const cell = (value: number | null) => (value === null ? '' : String(value));

// The real CLI in a child process, against a temporary database of each dialect.
describe.each(DIALECTS)('udn export and udn kpi --format on %s', (dialect) => {
  let store: TestStore;
  let dir: string;
  let report: KpiReport;
  const ok = async (...args: string[]) => {
    const result = await udn([...args, '--db', store.location]);
    expect(result.code, result.stderr).toBe(0);
    return result;
  };

  beforeAll(async () => {
    store = await createTestStore(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-export-'));
    await ok('import', SMALL.dataDir);
    const org = (await findDefaultOrg(store.db))!;
    await addTestPerson(store, org, 'rep', { repId: 'R01', email: 'ana@example.test' });
    report = JSON.parse((await ok('kpi', '--period', '2026-Q1', '--json')).stdout) as KpiReport;
  }, 60_000);
  afterAll(async () => {
    await store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('udn export kpi writes the report of the scope as CSV and XLSX, equal to udn kpi --json', async () => {
    const csvFile = path.join(dir, 'kpis.csv');
    const result = await ok('export', 'kpi', '--period', '2026-Q1', '--format', 'csv', '--out', csvFile);
    expect(result.stdout).toBe(`wrote ${METRIC_KEYS.length} rows to ${csvFile}\n`);
    const rows = csvObjects(fs.readFileSync(csvFile, 'utf8'));
    expect(rows.map((row) => row.Key)).toEqual([...METRIC_KEYS]);
    for (const row of rows)
      expect(row.Value, row.Key).toBe(cell(report.org[row.Key as (typeof METRIC_KEYS)[number]]));

    const xlsxFile = path.join(dir, 'nested', 'jakarta.xlsx');
    await ok(
      'export',
      'kpi',
      '--period',
      '2026-Q1',
      '--scope',
      'team:Jakarta',
      '--format',
      'xlsx',
      '--out',
      xlsxFile,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(fs.readFileSync(xlsxFile)).buffer);
    const sheet = workbook.worksheets[0]!;
    const team = report.teams.Jakarta!;
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const key = row.getCell(2).value as (typeof METRIC_KEYS)[number];
      expect(row.getCell(4).value ?? null, key).toBe(team[key]);
    });
    expect(sheet.rowCount).toBe(METRIC_KEYS.length + 1);
  });

  it("udn export drilldown writes every record; with --as a rep's file holds only their own", async () => {
    const file = path.join(dir, 'deals.csv');
    await ok(
      'export',
      'drilldown',
      '--metric',
      'deals_won',
      '--period',
      '2026-Q1',
      '--format',
      'csv',
      '--out',
      file,
    );
    const all = csvObjects(fs.readFileSync(file, 'utf8'));
    expect(all).toHaveLength(report.org.deals_won!);
    const total = all.reduce((sum, row) => sum + Number(row['Amount (USD)']), 0);
    expect(total).toBeCloseTo(report.org.revenue!, 2);

    const own = path.join(dir, 'own.csv');
    await ok(
      'export',
      'drilldown',
      '--metric',
      'deals_won',
      '--period',
      '2026-Q1',
      '--format',
      'csv',
      '--out',
      own,
      '--as',
      'ana@example.test',
    );
    const text = fs.readFileSync(own, 'utf8');
    const rows = csvObjects(text);
    expect(rows).toHaveLength(report.reps.R01!.deals_won!);
    expect(new Set(rows.map((row) => row.Rep))).toEqual(new Set(['Rep 1']));
    expect(text).not.toMatch(/Rep (?:[2-9]|1[0-2])\b/);
  });

  it('udn kpi --format csv prints the organisation, teams and reps to stdout, equal to --json', async () => {
    const { stdout } = await ok('kpi', '--period', '2026-Q1', '--format', 'csv');
    const rows = csvObjects(stdout);
    const expectedScopes = [
      'org',
      ...Object.keys(report.teams)
        .sort()
        .map((team) => `team:${team}`),
      ...Object.keys(report.reps)
        .sort()
        .map((id) => `rep:${id}`),
    ];
    expect(rows.map((row) => row.Scope)).toEqual(expectedScopes);
    for (const row of rows) {
      const [kind, name] = row.Scope!.split(':') as [string, string | undefined];
      const values =
        kind === 'org' ? report.org : kind === 'team' ? report.teams[name!]! : report.reps[name!]!;
      expect(row['Revenue (USD)'], row.Scope).toBe(cell(values.revenue));
      expect(row['Email open rate'], row.Scope).toBe(cell(values.email_open_rate));
      expect(row['Deals won'], row.Scope).toBe(cell(values.deals_won));
    }
    // As a rep: the organisation and teams whole, their own row only.
    const asRep = csvObjects(
      (await ok('kpi', '--period', '2026-Q1', '--format', 'csv', '--as', 'ana@example.test')).stdout,
    );
    expect(asRep.filter((row) => row.Scope!.startsWith('rep:')).map((row) => row.Scope)).toEqual(['rep:R01']);

    const file = path.join(dir, 'report.xlsx');
    await ok('kpi', '--period', '2026-Q1', '--format', 'xlsx', '--out', file, '--lang', 'id');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(fs.readFileSync(file)).buffer);
    const header = workbook.worksheets[0]!.getRow(1).values as string[];
    expect(header.slice(1, 5)).toEqual(['Cakupan', 'Nama', 'Tim', 'Pendapatan (USD)']);
    expect(workbook.worksheets[0]!.getRow(2).getCell(4).value).toBe(report.org.revenue);
    expect(workbook.getWorksheet('Tentang')).toBeDefined();
  });

  it('refuses what it cannot do, naming the option', async () => {
    const xlsx = await udn(['kpi', '--period', '2026-Q1', '--format', 'xlsx', '--db', store.location]);
    expect(xlsx.code).toBe(1);
    expect(xlsx.stderr).toContain('--out: an XLSX export needs a file');
    const pdf = await udn([
      'export',
      'kpi',
      '--period',
      '2026-Q1',
      '--format',
      'pdf',
      '--out',
      'x',
      '--db',
      store.location,
    ]);
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toMatch(/--format <format>' argument 'pdf' is invalid/);
    const team = await udn([
      'export',
      'kpi',
      '--period',
      '2026-Q1',
      '--scope',
      'team:Atlantis',
      '--format',
      'csv',
      '--out',
      path.join(dir, 'x.csv'),
      '--db',
      store.location,
    ]);
    expect(team.code).toBe(1);
    expect(team.stderr).toContain('scope: unknown team "Atlantis"');
    expect(fs.existsSync(path.join(dir, 'x.csv'))).toBe(false);
    const metric = await udn([
      'export',
      'drilldown',
      '--metric',
      'nope',
      '--period',
      '2026-Q1',
      '--format',
      'csv',
      '--out',
      path.join(dir, 'y.csv'),
      '--db',
      store.location,
    ]);
    expect(metric.code).toBe(1);
    expect(metric.stderr).toContain('--metric: unknown metric "nope"');
  });
});
