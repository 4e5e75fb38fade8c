import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook, writeWorkbookStream } from '../../../test/support/xlsx-workbooks.ts';
import type { CsvRecord, CsvSyntaxError } from '../csv-records.ts';
import { listSheets, readXlsx, readXlsxHeader, XlsxFileError, type XlsxReadOptions } from './read-xlsx.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-xlsx-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(input: string | Readable, options: XlsxReadOptions = {}) {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let chunks = 0;
  let position = 0;
  const positions: number[] = [];
  for await (const chunk of readXlsx(input, options, (e) => errors.push(e))) {
    chunks++;
    records.push(...chunk.records);
    expect(chunk.position).toBeGreaterThanOrEqual(position);
    position = chunk.position;
    positions.push(position);
  }
  return { records, errors, chunks, position, positions };
}

const rowsOf = (records: CsvRecord[]) => records.map((r) => [r.line, ...r.cells]);
const utc = (...parts: [number, number, number, number?, number?, number?]) =>
  new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0));

describe('readXlsx', () => {
  let book: string;
  beforeAll(async () => {
    book = path.join(dir, 'book.xlsx');
    await writeWorkbook(
      book,
      {
        Notes: [['written by hand']],
        Deals: [
          ['id', 'name', 'amount', 'created', 'won', 'site'],
          ['D1', 'Acme Ünïcode 日本', 1234.5, utc(2026, 12, 1), true, 'x'],
          [
            'D2',
            { richText: [{ text: 'Big ' }, { font: { bold: true }, text: 'Co' }] },
            // Past Excel's 15 digits: read as Excel shows it.
            Number('12345678901234567890'),
            utc(2026, 12, 1, 13, 30, 5),
            false,
          ],
          [
            'D3',
            'line\nbreak',
            0.1,
            utc(2026, 2, 28, 23, 59, 59),
            null,
            { text: 'UDN', hyperlink: 'https://example.com' },
          ],
          [],
          ['D5', '  padded  ', 0.1 + 0.2, 45992, 1e21],
        ],
        Empty: [],
      },
      (workbook) => {
        const deals = workbook.getWorksheet('Deals')!;
        deals.getCell('D6').numFmt = '0';
        deals.getCell('G7').value = 'beyond';
        workbook.getWorksheet('Notes')!.state = 'hidden';
      },
    );
  });

  it('reads cells as the text a CSV would hold, lines being the sheet rows', async () => {
    const { records, errors } = await readAll(book, { sheet: 'deals' });
    expect(errors).toEqual([]);
    expect(rowsOf(records)).toEqual([
      [1, 'id', 'name', 'amount', 'created', 'won', 'site'],
      [2, 'D1', 'Acme Ünïcode 日本', '1234.5', '2026-12-01', 'true', 'x'],
      [3, 'D2', 'Big Co', '12345678901234600000', '2026-12-01T13:30:05', 'false', ''],
      [4, 'D3', 'line\nbreak', '0.1', '2026-02-28T23:59:59', '', 'UDN'],
      [6, 'D5', '  padded  ', '0.3', '45992', '1000000000000000000000', ''],
      [7, '', '', '', '', '', '', 'beyond'],
    ]);
    expect(records.map((r) => r.suspect)).toEqual([false, false, false, true, false, false]);
  });

  it('reads the first visible sheet when none is named, and lists every sheet in tab order', async () => {
    const { records } = await readAll(book);
    expect(records[0]?.cells[0]).toBe('id');
    expect(await listSheets(book)).toEqual(['Notes', 'Deals', 'Empty']);
    expect(await readXlsxHeader(book)).toEqual(['id', 'name', 'amount', 'created', 'won', 'site']);
    expect(await readXlsxHeader(book, 'NOTES')).toEqual(['written by hand']);
    expect(await readXlsxHeader(book, 'Empty')).toBeNull();
  });

  it('reads a sheet given as a stream, or as a stream of a file', async () => {
    const piped = await readAll(fs.createReadStream(book).pipe(new PassThrough()), { sheet: 'Notes' });
    expect(rowsOf(piped.records)).toEqual([[1, 'written by hand']]);
    const file = await readAll(fs.createReadStream(book), { sheet: 'Notes' });
    expect(rowsOf(file.records)).toEqual([[1, 'written by hand']]);
  });

  it('names the sheets a workbook has when the one asked for is missing', async () => {
    const { records, errors } = await readAll(book, { sheet: 'Opportunities' });
    expect(records).toEqual([]);
    expect(errors).toEqual([
      {
        line: 1,
        stops: true,
        message: 'has no sheet "Opportunities": its sheets are "Notes", "Deals", "Empty"',
      },
    ]);
    await expect(readXlsxHeader(book, 'Opportunities')).rejects.toThrow(XlsxFileError);
  });

  it('reads an empty sheet as no records', async () => {
    expect(await readAll(book, { sheet: 'Empty' })).toMatchObject({ records: [], errors: [] });
  });

  it('reads dates of a 1904 workbook', async () => {
    const file = path.join(dir, '1904.xlsx');
    await writeWorkbook(file, { S: [['d'], [utc(2026, 7, 4, 8, 0, 0)], [utc(2026, 7, 5)]] }, (w) => {
      w.properties.date1904 = true;
    });
    expect(rowsOf((await readAll(file)).records)).toEqual([
      [1, 'd'],
      [2, '2026-07-04T08:00:00'],
      [3, '2026-07-05'],
    ]);
  });
});

describe('readXlsx refuses what it must not guess', () => {
  let book: string;
  beforeAll(async () => {
    book = path.join(dir, 'refused.xlsx');
    await writeWorkbook(
      book,
      {
        'Q3 Deals': [
          ['id', 'amount', 'owner'],
          ['D1', 10, 'Ann'],
          ['D2', 20, 'Ann'],
          ['D3', { formula: 'SUM(B2:B3)', result: 30 }, 'Bob'],
          ['D4', { error: '#N/A' }, 'Bob'],
          ['D5', 50, 'Cy'],
          ['D6', 60, ''],
          ['D7', 70, 'Di'],
        ],
      },
      (workbook) => workbook.getWorksheet('Q3 Deals')!.mergeCells('C6:C7'),
    );
  });

  it('names the cell of a formula, an error value and a merged range, leaving their rows out', async () => {
    const { records, errors } = await readAll(book);
    expect(errors).toEqual([
      { line: 4, field: 1, message: "'Q3 Deals'!B4 holds a formula (=SUM(B2:B3)): paste the values instead" },
      {
        line: 5,
        field: 1,
        message: "'Q3 Deals'!B5 holds an error value (#N/A): correct it in the workbook or clear the cell",
      },
      { line: 6, field: 2, message: "'Q3 Deals'!C6:C7 is a merged range: unmerge it and fill in every cell" },
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 6, 7, 8]);
  });

  it('reads a formula as its saved result only when asked to', async () => {
    const { records, errors } = await readAll(book, { formulaResults: true });
    expect(records.find((r) => r.line === 4)?.cells).toEqual(['D3', '30', 'Bob']);
    expect(errors.map((e) => e.line)).toEqual([5, 6]);
  });

  it('says what a file that is not a workbook is, once, without crashing', async () => {
    const cases: [string, Buffer, string][] = [
      ['deals.csv', Buffer.from('id,amount\nD1,10\n'), 'it holds text: a CSV file?'],
      [
        'page.html',
        Buffer.from('\n<!DOCTYPE html><html><body>Sign in</body></html>'),
        'is a web page (HTML)',
      ],
      [
        'old.xls',
        Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]),
        'old-format .xls',
      ],
      ['empty.xlsx', Buffer.alloc(0), 'is empty'],
      ['cut.xlsx', fs.readFileSync(book).subarray(0, 3000), 'damaged or cut short'],
      ['other.zip', zipOf(['readme.txt', 'not a workbook']), 'a zip archive but not an .xlsx workbook'],
    ];
    for (const [name, bytes, expected] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const { records, errors } = await readAll(file);
      expect(records, name).toEqual([]);
      expect(errors, name).toHaveLength(1);
      expect(errors[0]?.message, name).toContain(expected);
      expect(errors[0]?.stops, name).toBe(true);
      await expect(listSheets(file), name).rejects.toThrow(XlsxFileError);
      // The same through a stream, which is checked as it arrives.
      const streamed = await readAll(Readable.from([bytes]));
      expect(streamed.errors[0]?.message, name).toContain(expected);
    }
    expect((await readAll(path.join(dir, 'absent.xlsx'))).errors[0]?.message).toBe('cannot be found');
  });
});

/** A zip archive of stored (uncompressed) files, in the order given. */
function zipOf(...files: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A workbook laid out as LibreOffice and others write it: workbook, styles and shared strings
 * before the sheets, so exceljs streams each sheet straight from the zip instead of parking it.
 */
function streamedOrderWorkbook(rows: number): Buffer {
  const sheetRows = Array.from(
    { length: rows },
    (_, i) =>
      `<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>1</v></c><c r="B${i + 2}"><v>${i}</v></c><c r="C${i + 2}" s="1"><v>${46000 + (i % 30)}</v></c></row>`,
  ).join('');
  const sheet = (data: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${data}</sheetData></worksheet>`;
  return zipOf(
    ['[Content_Types].xml', '<Types/>'],
    ['_rels/.rels', '<Relationships/>'],
    [
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Überblick" sheetId="1" r:id="rId1"/><sheet name="Data" sheetId="2" r:id="rId2"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`,
    ],
    [
      'xl/styles.xml',
      `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    ],
    ['xl/sharedStrings.xml', `<sst xmlns="${MAIN}"><si><t>id</t></si><si><t>Ünïcode</t></si></sst>`],
    ['xl/worksheets/sheet1.xml', sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')],
    [
      'xl/worksheets/sheet2.xml',
      sheet(
        `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>n</t></is></c></row>${sheetRows}`,
      ),
    ],
  );
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('readXlsx on a large sheet', () => {
  const ROWS = 50_000;
  let file: string;
  beforeAll(async () => {
    file = path.join(dir, 'large.xlsx');
    // Names long and non-ASCII enough that the shared strings span many zip chunks, cut mid-character.
    await writeWorkbookStream(
      file,
      'Deals',
      ['id', 'name', 'amount', 'created'],
      ROWS,
      (i) => [`D${i}`, `Société Générale ü日本 ${i}`, i * 1.25, utc(2026, 1 + (i % 12), 1 + (i % 28))],
      { dateColumns: [3] },
    );
  }, 120_000);

  it('streams every row in many small chunks, characters intact', async () => {
    const { records, errors, chunks, position, positions } = await readAll(file);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(ROWS + 1);
    expect(chunks).toBeGreaterThan(50);
    // Progress runs through the file as the sheet is read, from the file or from a stream.
    const size = fs.statSync(file).size;
    expect(positions[0]).toBeLessThan(size / 10);
    expect(position).toBeGreaterThan(size / 2);
    expect(position).toBeLessThanOrEqual(size);
    const streamed = await readAll(fs.createReadStream(file).pipe(new PassThrough()));
    expect(streamed.records).toEqual(records);
    expect(streamed.positions[0]).toBeLessThan(size / 10);
    expect(streamed.position).toBe(size);
    for (const i of [0, 1, 9_999, 31_337, ROWS - 1]) {
      expect(records[i + 1]).toEqual({
        line: i + 2,
        cells: [
          `D${i}`,
          `Société Générale ü日本 ${i}`,
          String(i * 1.25),
          `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        ],
        suspect: false,
      });
    }
  }, 120_000);

  it('stops early on request, releasing the file and its temporary copies', async () => {
    const tmpBefore = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('tmp-')).length;
    for (const input of [fs.createReadStream(file), fs.createReadStream(file).pipe(new PassThrough())]) {
      const seen: number[] = [];
      for await (const chunk of readXlsx(input, {}, () => {})) {
        seen.push(...chunk.records.map((r) => r.line));
        if (seen.length >= 100) break;
      }
      expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
      expect(input.destroyed).toBe(true);
    }
    // Removing the parked copies runs on after the generator has returned.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('tmp-')).length).toBeLessThanOrEqual(
      tmpBefore,
    );
  }, 120_000);
});

describe('readXlsx on a workbook whose sheets follow its shared strings', () => {
  it('reads a sheet streamed straight from the zip, and stops early without leftovers', async () => {
    const file = path.join(dir, 'streamed.xlsx');
    fs.writeFileSync(file, streamedOrderWorkbook(20_000));
    expect(await listSheets(file)).toEqual(['Überblick', 'Data']);
    const { records, errors } = await readAll(file, { sheet: 'data' });
    expect(errors).toEqual([]);
    expect(records).toHaveLength(20_001);
    expect(rowsOf(records.slice(0, 3))).toEqual([
      [1, 'id', 'n'],
      [2, 'Ünïcode', '0', '2025-12-09'],
      [3, 'Ünïcode', '1', '2025-12-10'],
    ]);
    expect(rowsOf(records.slice(-1))).toEqual([[20_001, 'Ünïcode', '19999', '2025-12-28']]);

    const streamed = await readAll(fs.createReadStream(file).pipe(new PassThrough()), { sheet: 'data' });
    expect(streamed.records).toEqual(records);
    for (const input of [
      fs.createReadStream(file, { highWaterMark: 4096 }),
      fs.createReadStream(file, { highWaterMark: 4096 }).pipe(new PassThrough()),
    ]) {
      let seen = 0;
      for await (const chunk of readXlsx(input, { sheet: 'Data' }, () => {})) {
        seen += chunk.records.length;
        if (seen >= 100) break;
      }
      expect(input.destroyed).toBe(true);
    }
    expect(await readXlsxHeader(file)).toEqual(['id']);
  });
});
