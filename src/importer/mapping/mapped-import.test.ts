import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Parsing } from '../../../test/support/import-fixtures.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { type MappingInput, mappingSchema } from '../../core/contracts/mapping.ts';
import type { DialectName } from '../../db/database.ts';
import { fileFromText, fileOnDisk, type ImportFile } from '../import-source.ts';
import { runImport } from '../run-import.ts';

const EXPORT_NAME = 'hubspot-crm-exports-all-deals-2026-12-01.csv';
const HEADER = [
  'Record ID',
  'Deal Name',
  'Deal Stage',
  'Amount',
  'Create Date',
  'Close Date',
  'Deal owner',
  'Pipeline',
];
const MAPPING: MappingInput = {
  udnMapping: 1,
  table: 'deals',
  dates: 'MM/DD/YYYY HH:mm',
  fields: {
    id: { column: 'Record ID' },
    name: { column: 'Deal Name' },
    status: {
      column: 'Deal Stage',
      values: { 'Closed Won': 'won', 'Closed Lost': 'lost', 'Appointment Scheduled': 'open' },
    },
    stage: { column: 'Deal Stage' },
    amount: { column: 'Amount' },
    created_at: { column: 'Create Date' },
    closed_at: { column: 'Close Date', keep: 'closed' },
    owner_rep_id: { column: 'Deal owner', rep: 'name-or-email' },
  },
  where: { column: 'Pipeline', in: ['Sales Pipeline'] },
};
const GOOD_ROWS = [
  [
    '101',
    'Acme renewal',
    'Closed Won',
    '$1,234.50',
    '11/03/2026 09:30',
    '11/20/2026 17:00',
    'Jane Roe',
    'Sales Pipeline',
  ],
  [
    '102',
    'Globex pilot',
    'Appointment Scheduled',
    '$500.00',
    '11/04/2026 10:00',
    '01/31/2027 00:00',
    'jane roe',
    'Sales Pipeline',
  ],
  [
    '103',
    'Initech',
    'Closed Lost',
    '',
    '11/05/2026 11:00',
    '11/25/2026 12:00',
    'ali@example.com',
    'Sales Pipeline',
  ],
  [
    '104',
    'Renewal elsewhere',
    'Closed Won',
    '$10.00',
    '11/05/2026 11:00',
    '11/25/2026 12:00',
    'Jane Roe',
    'Renewals',
  ],
];
/** CSV text, quoting cells that hold a comma (`$1,234.50`). */
const csv = (...rows: string[][]): string =>
  `${rows.map((row) => row.map((cell) => (cell.includes(',') ? `"${cell}"` : cell)).join(',')).join('\n')}\n`;
const ORG = fileFromText('org.json', '{"timezone":"Asia/Jakarta","currency":"USD"}');

const exportFile = (rows: string[][], mapping: MappingInput = MAPPING, name = EXPORT_NAME): ImportFile => ({
  ...fileFromText(name, csv(HEADER, ...rows)),
  mapping: mappingSchema.parse(mapping),
});

const CASES: [DialectName, Parsing][] = [
  ...DIALECTS.map((d): [DialectName, Parsing] => [d, 'in-thread']),
  ['sqlite', 'parse-thread'],
];

describe.each(CASES)('mapped imports on %s, parsing %s', (dialect, parsing) => {
  let store: TestStore;
  let dir: string;
  beforeEach(async () => {
    store = await createTestStore(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-mapped-'));
  });
  afterEach(async () => {
    await store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** On a parsing thread only files on disk go there: each is written out first. */
  const run = async (files: ImportFile[]) => {
    const placed = await Promise.all(
      files.map(async (file) => {
        if (parsing === 'in-thread') return file;
        const full = path.join(dir, file.name);
        const chunks: Buffer[] = [];
        for await (const chunk of file.open()) chunks.push(Buffer.from(chunk as Buffer));
        fs.writeFileSync(full, Buffer.concat(chunks));
        return { ...fileOnDisk(file.name, full), ...(file.mapping ? { mapping: file.mapping } : {}) };
      }),
    );
    return runImport(store, placed, {
      source: 'test',
      parseThreadFromBytes: parsing === 'parse-thread' ? 0 : undefined,
    });
  };
  const rowsOf = async (table: 'reps' | 'deals') =>
    store.db.selectFrom(table).selectAll().orderBy('id').execute() as Promise<Record<string, unknown>[]>;

  it('imports an export: stages, dates, amounts translated; reps created from the owners; where skips', async () => {
    const result = await run([ORG, exportFile(GOOD_ROWS)]);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      {
        file: EXPORT_NAME,
        line: 0,
        column: 'Pipeline',
        message: '1 row skipped: not one of "Sales Pipeline"',
      },
    ]);
    expect(result.files).toEqual([
      { file: 'reps (from owners)', rows: 2, inserted: 2, updated: 0, unchanged: 0 },
      { file: EXPORT_NAME, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
    ]);
    const reps = await rowsOf('reps');
    expect(reps.map((r) => [r.id, r.name, r.email])).toEqual([
      ['ali@example.com', 'ali@example.com', 'ali@example.com'],
      ['jane-roe', 'Jane Roe', null],
    ]);
    const deals = await rowsOf('deals');
    expect(
      deals.map((d) => [
        d.id,
        d.owner_rep_id,
        d.status,
        d.amount === null ? null : Number(d.amount),
        d.stage,
      ]),
    ).toEqual([
      ['101', 'jane-roe', 'won', 123450, 'Closed Won'],
      ['102', 'jane-roe', 'open', 50000, 'Appointment Scheduled'],
      ['103', 'ali@example.com', 'lost', null, 'Closed Lost'],
    ]);
    // 11/03/2026 09:30 in Asia/Jakarta (UTC+7); the open deal's expected close date is dropped.
    expect(Number(deals[0]!.created_at)).toBe(Date.UTC(2026, 10, 3, 2, 30));
    expect(deals[1]!.closed_at).toBeNull();
    expect(deals.every((d) => d.source_line !== null)).toBe(true);

    // The same export again changes nothing and creates no rep twice.
    const again = await run([ORG, exportFile(GOOD_ROWS)]);
    expect(again.ok).toBe(true);
    expect(again.changed).toBe(false);
    expect((await rowsOf('reps')).length).toBe(2);
  });

  it('matches owners to the reps of a UDN reps.csv of the same import, by name or email', async () => {
    const reps = fileFromText(
      'reps.csv',
      csv(
        ['id', 'name', 'email'],
        ['R1', 'Jane Roe', 'jane@example.com'],
        ['R2', 'Ali Baba', 'ali@example.com'],
      ),
    );
    const result = await run([ORG, exportFile(GOOD_ROWS), reps]);
    expect(result.errors).toEqual([]);
    expect(result.files.map((f) => f.file)).toEqual(['reps.csv', EXPORT_NAME]);
    const deals = await rowsOf('deals');
    expect(deals.map((d) => d.owner_rep_id)).toEqual(['R1', 'R1', 'R2']);
    expect((await rowsOf('reps')).length).toBe(2);
  });

  it('refuses each bad cell naming the source file, line and column; nothing is written', async () => {
    const reps = fileFromText('reps.csv', csv(['id', 'name'], ['R1', 'Jane Roe']));
    const bad = [
      ['201', 'A', 'Negotiation', '$1.00', '11/03/2026 09:30', '', 'Jane Roe', 'Sales Pipeline'],
      [
        '202',
        'B',
        'Closed Won',
        '1.234,56',
        '11/03/2026 09:30',
        '11/04/2026 09:30',
        'Jane Roe',
        'Sales Pipeline',
      ],
      [
        '203',
        'C',
        'Closed Won',
        '$5',
        '11/03/2026 09:30',
        '11/04/2026 09:30',
        'Nobody Known',
        'Sales Pipeline',
      ],
      ['204', 'D', 'Closed Won', '$5', '11/03/2026 09:30', '11/02/2026 09:30', 'Jane Roe', 'Sales Pipeline'],
    ];
    const autoDates = { ...MAPPING, dates: 'auto' as const, where: undefined };
    const ambiguous = exportFile(
      [['301', 'E', 'Closed Won', '$5', '03/04/2026', '03/05/2026', 'Jane Roe', 'Sales Pipeline']],
      autoDates,
      'other-export.csv',
    );
    const result = await run([ORG, reps, exportFile([...GOOD_ROWS.slice(0, 1), ...bad]), ambiguous]);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.file, e.line, e.column, e.message])).toEqual([
      [EXPORT_NAME, 3, 'Deal Stage', 'deal stage "Negotiation" is not mapped: map it to won, lost or open'],
      [EXPORT_NAME, 4, 'Amount', `"1.234,56" uses a decimal comma: set the mapping's decimal to ","`],
      [EXPORT_NAME, 5, 'Deal owner', 'owner "Nobody Known" matches no rep (by name or email)'],
      [EXPORT_NAME, 6, 'Close Date', 'is before created_at'],
      [
        'other-export.csv',
        2,
        'Create Date',
        'ambiguous date "03/04/2026": declare the date format (MM/DD/YYYY or DD/MM/YYYY)',
      ],
      [
        'other-export.csv',
        2,
        'Close Date',
        'ambiguous date "03/05/2026": declare the date format (MM/DD/YYYY or DD/MM/YYYY)',
      ],
    ]);
    expect(await rowsOf('reps')).toEqual([]);
    expect(await rowsOf('deals')).toEqual([]);
  });

  it('an account refused at its source cell is not reported again by the deals that name it', async () => {
    const accounts: ImportFile = {
      ...fileFromText('companies.csv', csv(['Company ID', 'Company', 'Since'], ['A1', 'Acme', '03/04/2026'])),
      mapping: mappingSchema.parse({
        udnMapping: 1,
        table: 'accounts',
        fields: {
          id: { column: 'Company ID' },
          name: { column: 'Company' },
          acquired_at: { column: 'Since' },
        },
      }),
    };
    const deals = exportFile(
      [['101', 'A', 'Closed Lost', '', '11/03/2026 09:30', '11/20/2026 17:00', 'Jane Roe', 'Sales Pipeline']],
      {
        ...MAPPING,
        fields: { ...MAPPING.fields, account_id: { constant: 'A1' } },
      },
    );
    const result = await run([ORG, accounts, deals]);
    expect(result.errors.map((e) => [e.file, e.line, e.column, e.message])).toEqual([
      [
        'companies.csv',
        2,
        'Since',
        'ambiguous date "03/04/2026": declare the date format (MM/DD/YYYY or DD/MM/YYYY)',
      ],
    ]);
  });

  it('names a column missing from a workbook sheet with the sheet; reads a good sheet', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Deals');
    sheet.addRow(HEADER.filter((h) => h !== 'Amount'));
    sheet.addRow([
      '101',
      'Acme',
      'Closed Lost',
      '11/03/2026 09:30',
      '11/20/2026 17:00',
      'Jane Roe',
      'Sales Pipeline',
    ]);
    const full = path.join(dir, 'book.xlsx');
    await book.xlsx.writeFile(full);
    const mapping = mappingSchema.parse({ ...MAPPING, sheet: 'Deals' });
    const missing = await runImport(store, [ORG, { ...fileOnDisk('book.xlsx', full), mapping }], {
      source: 'test',
      parseThreadFromBytes: parsing === 'parse-thread' ? 0 : undefined,
    });
    expect(missing.errors.map((e) => [e.file, e.line, e.column, e.message])).toEqual([
      ['book.xlsx [Deals]', 1, 'Amount', 'column "Amount" (mapped to amount) is missing from the header'],
    ]);
    expect(await rowsOf('deals')).toEqual([]);

    const { amount: _, ...fields } = MAPPING.fields;
    const good = await runImport(
      store,
      [
        ORG,
        {
          ...fileOnDisk('book.xlsx', full),
          mapping: mappingSchema.parse({ ...MAPPING, sheet: 'Deals', fields }),
        },
      ],
      { source: 'test', parseThreadFromBytes: parsing === 'parse-thread' ? 0 : undefined },
    );
    expect(good.errors).toEqual([]);
    expect(good.files.map((f) => [f.file, f.inserted])).toEqual([
      ['reps (from owners)', 1],
      ['book.xlsx [Deals]', 1],
    ]);
    expect((await rowsOf('deals')).map((d) => [d.id, d.owner_rep_id, d.status])).toEqual([
      ['101', 'jane-roe', 'lost'],
    ]);

    // Named otherwise, a workbook is still read as one (by its zip header), with the sheet's row numbers.
    sheet.addRow([
      '102',
      'Globex',
      'Closed Lost',
      '11/04/2026 09:30',
      '11/02/2026 17:00',
      'Jane Roe',
      'Sales Pipeline',
    ]);
    const renamed = path.join(dir, 'export.dat');
    await book.xlsx.writeFile(renamed);
    const again = await runImport(
      store,
      [
        ORG,
        {
          ...fileOnDisk('export.dat', renamed),
          mapping: mappingSchema.parse({ ...MAPPING, sheet: 'Deals', fields }),
        },
      ],
      { source: 'test', parseThreadFromBytes: parsing === 'parse-thread' ? 0 : undefined },
    );
    expect(again.errors.map((e) => [e.file, e.line, e.column, e.message])).toEqual([
      ['export.dat', 3, 'Close Date', 'is before created_at'],
    ]);
  });
});
