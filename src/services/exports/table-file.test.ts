import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/support/read-csv.ts';
import type { ExportTable } from '../../core/exports/export-table.ts';
import { writeTable } from './table-file.ts';

/** A hand-made table of every kind, in Rupiah (no minor unit), with planted formula-like text. */
const TABLE: ExportTable = {
  title: 'Penjualan: [Q4]/2026',
  currency: 'IDR',
  columns: [
    { key: 'name', label: 'Name', kind: 'text' },
    { key: 'revenue', label: 'Revenue', kind: 'money' },
    { key: 'deals', label: 'Deals', kind: 'integer' },
    { key: 'rate', label: 'Rate', kind: 'percent' },
    { key: 'cycle', label: 'Cycle', kind: 'days' },
    { key: 'day', label: 'Day', kind: 'date' },
    { key: 'at', label: 'At', kind: 'datetime' },
    { key: 'won', label: 'Won', kind: 'boolean' },
    { key: 'value', label: 'Value', kind: 'number' },
  ],
  rows: [
    {
      name: 'Budi, "Pak" Santoso',
      revenue: 9_900_000,
      deals: 3,
      rate: 0.125,
      cycle: 12.5,
      day: '2026-12-01',
      at: '2026-12-01 09:05:00',
      won: true,
      value: 1.5,
    },
    {
      name: '=1+1',
      revenue: -5,
      deals: 0,
      rate: null,
      cycle: null,
      day: null,
      at: null,
      won: false,
      value: 7,
    },
    {
      name: '+SUM(A1)\nline two',
      revenue: 0,
      deals: 1,
      rate: 1,
      cycle: 0,
      day: '2026-02-28',
      at: null,
      won: null,
      value: -0.5,
    },
    { name: '@cmd', revenue: 1, deals: 1, rate: 0, cycle: 1, day: null, at: null, won: null, value: 0 },
    // A carriage return leads; a control character XML cannot hold; markup characters.
    {
      name: '\r=cmd\u0001 <b>&amp;</b>',
      revenue: 2,
      deals: 2,
      rate: 0,
      cycle: 2,
      day: null,
      at: null,
      won: null,
      value: 1,
    },
  ],
  // The Value column of the third row is a rate.
  cellKinds: [undefined, undefined, { value: 'percent' }],
  notes: ['Period: 2026-12-01 – 2026-12-31', '-note that looks like a formula'],
  aboutSheet: 'Tentang',
};

describe('CSV', () => {
  it('is UTF-8 with a BOM, CRLF, RFC 4180 quoting, money headed with its currency, numbers as numbers', async () => {
    const file = await writeTable(TABLE, 'csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    const text = file.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(file.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text.split('\r\n')).toEqual([
      '\uFEFFName,Revenue (IDR),Deals,Rate,Cycle,Day,At,Won,Value',
      '"Budi, ""Pak"" Santoso",9900000,3,0.125,12.5,2026-12-01,2026-12-01 09:05:00,TRUE,1.5',
      "'=1+1,-5,0,,,,,FALSE,7",
      `"'+SUM(A1)\nline two",0,1,1,0,2026-02-28,,,-0.5`,
      "'@cmd,1,1,0,1,,,,0",
      `"'\r=cmd\u0001 <b>&amp;</b>",2,2,0,2,,,,1`,
      '',
    ]);
    expect(parseCsv(text.slice(1))[3]![0]).toBe("'+SUM(A1)\nline two");
  });
});

describe('XLSX', () => {
  const load = async () => {
    const file = await writeTable(TABLE, 'xlsx');
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(file.body).buffer);
    return workbook;
  };

  it('types every cell: money in IDR with no decimals, rates as 0.0%, dates as dates, text neutralised', async () => {
    const workbook = await load();
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Penjualan   Q4  2026');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Name',
      'Revenue (IDR)',
      'Deals',
      'Rate',
      'Cycle',
      'Day',
      'At',
      'Won',
      'Value',
    ]);
    for (let at = 1; at <= sheet.columnCount; at += 1)
      expect(sheet.getRow(1).getCell(at).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const first = sheet.getRow(2);
    expect(first.getCell(2).value).toBe(9_900_000);
    expect(first.getCell(2).numFmt).toBe('#,##0');
    expect(first.getCell(3).numFmt).toBe('#,##0');
    expect(first.getCell(4).value).toBe(0.125);
    expect(first.getCell(4).numFmt).toBe('0.0%');
    expect(first.getCell(5).numFmt).toBe('#,##0.0');
    expect(first.getCell(6).value).toEqual(new Date(Date.UTC(2026, 11, 1)));
    expect(first.getCell(6).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(7).value).toEqual(new Date(Date.UTC(2026, 11, 1, 9, 5)));
    expect(first.getCell(8).value).toBe(true);
    // Text that looks like a formula is text, prefixed; a negative number is a number.
    const second = sheet.getRow(3);
    expect(second.getCell(1).value).toBe("'=1+1");
    expect(second.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(second.getCell(2).value).toBe(-5);
    expect(second.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(4).getCell(1).value).toBe("'+SUM(A1)\nline two");
    expect(sheet.getRow(5).getCell(1).value).toBe("'@cmd");
    expect(sheet.getRow(6).getCell(1).value).toBe("'\r=cmd <b>&amp;</b>");
    // A row's own kind: the third row's Value is a rate.
    expect(sheet.getRow(4).getCell(9).numFmt).toBe('0.0%');
    expect(sheet.getRow(3).getCell(9).numFmt).toBe('#,##0.00');
    for (let at = 1; at <= TABLE.columns.length; at += 1) {
      expect(sheet.getColumn(at).width).toBeGreaterThanOrEqual(8);
    }
  });

  it('has a second sheet saying what the export is, its notes neutralised too', async () => {
    const about = (await load()).getWorksheet('Tentang')!;
    expect(about.getColumn(1).values.slice(1)).toEqual([
      'Penjualan: [Q4]/2026',
      'Period: 2026-12-01 – 2026-12-31',
      "'-note that looks like a formula",
    ]);
  });
});
