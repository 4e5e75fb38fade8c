import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { multipartOf } from '../../test/support/upload-client.ts';
import { writeWorkbook } from '../../test/support/xlsx-workbooks.ts';
import type { ApiError } from '../core/contracts/api.ts';
import type { KpiReport } from '../core/kpis/report.ts';
import type { ImportResult } from '../importer/run-import.ts';

const HUBSPOT = path.resolve(import.meta.dirname, '../../test/data/exports/hubspot');
const DEALS = 'hubspot-crm-exports-all-deals-2026-12-01.csv';
const EXPORTS = [
  DEALS,
  'hubspot-crm-exports-all-contacts-2026-12-01.csv',
  'hubspot-crm-exports-all-companies-2026-12-01.csv',
];
const exportFiles = (replace: Record<string, string> = {}): Record<string, string> => ({
  'org.json': fs.readFileSync(path.join(HUBSPOT, 'org.json'), 'utf8'),
  ...Object.fromEntries(
    EXPORTS.map((name) => [name, replace[name] ?? fs.readFileSync(path.join(HUBSPOT, name), 'utf8')]),
  ),
});

/** A pipeline kept by hand, German style: dates DD.MM.YYYY, decimal commas, stages in its own words. */
/** A pipeline kept by hand, German style: dates DD.MM.YYYY, decimal commas, stages in its own words. */
const SHEET_CSV = [
  'Opportunity,Opened,Result,Value,Seller',
  'OP-1,13.01.2026,Gewonnen,"1.234,50",R01',
  'OP-2,20.01.2026,Offen,"99,00",R02',
].join('\n');
const SHEET_MAPPING = {
  udnMapping: 1,
  table: 'deals',
  fields: {
    id: { column: 'Opportunity' },
    created_at: { column: 'Opened' },
    status: { column: 'Result', values: { Gewonnen: 'won', Verloren: 'lost' }, otherwise: 'open' },
    closed_at: { column: 'Opened', keep: 'closed' },
    amount: { column: 'Value' },
    owner_rep_id: { column: 'Seller', rep: 'id' },
  },
  dates: 'DD.MM.YYYY',
  decimal: ',',
};

describe.each(DIALECTS)('uploading CRM exports and mapped files on %s', (dialect) => {
  let t: TestApp;
  let reference: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { empty: true });
    // The same data in UDN's own files (written by the sample's author), for the report to equal.
    reference = await createTestApp(dialect, { empty: true });
    const udn = path.join(HUBSPOT, 'udn');
    const files = Object.fromEntries(
      fs.readdirSync(udn).map((name) => [name, fs.readFileSync(path.join(udn, name), 'utf8')]),
    );
    const response = await reference.app.inject({
      method: 'POST',
      url: '/api/v1/imports?wait=true',
      ...(await form(files)),
    });
    expect(response.statusCode, response.body).toBe(200);
  });
  afterAll(async () => {
    await t?.dispose();
    await reference?.dispose();
  });

  async function form(files: Record<string, string>, fields: Record<string, string> = {}) {
    const { body, contentType } = await multipartOf(files, fields);
    return { payload: body, headers: { 'content-type': contentType } };
  }
  const upload = async (files: Record<string, string>, fields: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/imports?wait=true', ...(await form(files, fields)) });
  const dealCount = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('deals')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const historyLength = async () => (await t.getJson<unknown[]>('/api/v1/imports')).length;

  it('refuses a planted bad date naming the source file, its line and the source column; nothing is written', async () => {
    const text = fs.readFileSync(path.join(HUBSPOT, DEALS), 'utf8').split('\n');
    // Line 4 of the file (its third deal): its Create Date is the 7th column.
    const cells = text[3]!.split(',');
    cells[6] = '2026-13-45 10:00';
    text[3] = cells.join(',');
    const response = await upload(exportFiles({ [DEALS]: text.join('\n') }));
    expect(response.statusCode, response.body).toBe(422);
    const body = response.json<ImportResult & ApiError>();
    expect(body.errors).toContainEqual(
      expect.objectContaining({ file: DEALS, line: 4, column: 'Create Date' }),
    );
    expect(body.errors.find((e) => e.line === 4)?.message).toContain('2026-13-45 10:00');
    expect(await dealCount()).toBe(0);
    expect((await t.org()).data_version).toBe(0);
  });

  it('imports the HubSpot exports by their headers, whatever their names, into the report their UDN files give', async () => {
    const response = await upload(exportFiles());
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<ImportResult>();
    expect(result.ok).toBe(true);
    const udnDeals =
      fs
        .readFileSync(path.join(HUBSPOT, 'udn', 'deals.csv'), 'utf8')
        .trim()
        .split('\n').length - 1;
    expect(await dealCount()).toBe(udnDeals);
    for (const period of ['2026-Q3', '2026-Q4', '2026']) {
      const got = await t.getJson<KpiReport>(`/api/v1/kpis?period=${period}`);
      const want = await reference.getJson<KpiReport>(`/api/v1/kpis?period=${period}`);
      expect(got.org, period).toEqual(want.org);
    }
  });

  it('imports a file of any name through the mapping sent with it', async () => {
    const response = await upload(
      { 'Pipeline (Berlin).csv': SHEET_CSV },
      { mappings: JSON.stringify({ 'Pipeline (Berlin).csv': SHEET_MAPPING }) },
    );
    // The reps R01/R02 are not in this organisation: a mapping by rep id refuses them, at their cells.
    expect(response.statusCode, response.body).toBe(422);
    const refused = response.json<ImportResult>();
    expect(refused.errors).toContainEqual(
      expect.objectContaining({ file: 'Pipeline (Berlin).csv', line: 2, column: 'Seller' }),
    );
    const reps = await t.store.db.selectFrom('reps').select(['id', 'name']).orderBy('id').execute();
    const [first, second] = reps;
    const fixed = SHEET_CSV.replace('R01', first!.id).replace('R02', second!.id);
    const accepted = await upload(
      { 'Pipeline (Berlin).csv': fixed },
      { mappings: JSON.stringify({ 'Pipeline (Berlin).csv': SHEET_MAPPING }) },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    const rows = await t.store.db
      .selectFrom('deals')
      .select(['id', 'status', 'amount', 'owner_rep_id', 'closed_at', 'source_line'])
      .where('id', 'in', ['OP-1', 'OP-2'])
      .orderBy('id')
      .execute();
    // Amounts are stored in minor units (cents).
    expect(rows.map((r) => ({ ...r, amount: Number(r.amount), closed: r.closed_at !== null }))).toEqual([
      expect.objectContaining({
        id: 'OP-1',
        status: 'won',
        amount: 123450,
        owner_rep_id: first!.id,
        closed: true,
        source_line: 2,
      }),
      expect.objectContaining({
        id: 'OP-2',
        status: 'open',
        amount: 9900,
        owner_rep_id: second!.id,
        closed: false,
        source_line: 3,
      }),
    ]);
  });

  it('refuses bad form fields and unrecognised files before importing, naming them, and leaves nothing behind', async () => {
    const history = await historyLength();
    const deals = await dealCount();
    const cases: [Record<string, string>, Record<string, string>, string, RegExp][] = [
      [{ 'x.csv': SHEET_CSV }, { mappings: '{"x.csv": ' }, 'mappings', /not JSON/],
      [
        { 'x.csv': SHEET_CSV },
        { mappings: JSON.stringify({ 'x.csv': { ...SHEET_MAPPING, dates: 'DD/MM/YY' } }) },
        'mappings.x.csv.dates',
        /.+/,
      ],
      [
        { 'x.csv': SHEET_CSV },
        {
          mappings: JSON.stringify({
            'x.csv': { ...SHEET_MAPPING, fields: { colour: { column: 'Value' } } },
          }),
        },
        'mappings.x.csv.fields.colour',
        /deals has no field colour/,
      ],
      [
        { 'x.csv': SHEET_CSV },
        { mappings: JSON.stringify({ 'y.csv': SHEET_MAPPING }) },
        'mappings.y.csv',
        /no file named y\.csv/,
      ],
      [
        { 'x.csv': SHEET_CSV },
        {},
        'files',
        /x\.csv: neither a UDN file nor an export UDN knows .*"?Opportunity"?/,
      ],
      [
        { 'x.csv': SHEET_CSV },
        { snapshot: 'deals,opportunities' },
        'snapshot',
        /"opportunities" is not a table/,
      ],
      [{ 'x.csv': SHEET_CSV }, { dryRun: 'maybe' }, 'dryRun', /true or false/],
      [{ 'x.csv': SHEET_CSV }, { allowMassDelete: 'yes please' }, 'allowMassDelete', /true or false/],
    ];
    for (const [files, fields, field, message] of cases) {
      const response = await upload(files, fields);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      const error = response.json<ApiError>();
      expect(error.field, response.body).toBe(field);
      expect(error.message).toMatch(message);
    }
    expect(await historyLength()).toBe(history);
    expect(await dealCount()).toBe(deals);
    expect(t.app.udn.uploads.bytesInUse).toBe(0);
  });

  it('imports a workbook: each sheet recognised by its header, read on the import thread', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-upload-book-'));
    try {
      const book = path.join(dir, 'sales ops.xlsx');
      await writeWorkbook(book, {
        Notes: [['kept by sales ops']],
        Leads: [
          ['id', 'created_at', 'source'],
          ['L-BOOK-1', '2026-03-02', 'fair'],
          ['L-BOOK-2', '2026-03-04', 'web'],
        ],
      });
      const { body, contentType } = await multipartOf({ 'sales ops.xlsx': fs.readFileSync(book) });
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports?wait=true',
        payload: body,
        headers: { 'content-type': contentType },
      });
      expect(response.statusCode, response.body).toBe(200);
      const leads = await t.store.db
        .selectFrom('leads')
        .select(['id', 'source', 'source_line'])
        .where('id', 'like', 'L-BOOK-%')
        .orderBy('id')
        .execute();
      expect(leads).toEqual([
        { id: 'L-BOOK-1', source: 'fair', source_line: 2 },
        { id: 'L-BOOK-2', source: 'web', source_line: 3 },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still ignores files that are not CSV or XLSX, with a warning', async () => {
    const response = await upload({ 'notes.txt': 'hello', 'leads.csv': 'id,created_at\nL-NEW,2026-02-03\n' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<ImportResult>().warnings).toContainEqual(
      expect.objectContaining({ file: 'notes.txt', message: 'not an import file, ignored' }),
    );
  });
});
