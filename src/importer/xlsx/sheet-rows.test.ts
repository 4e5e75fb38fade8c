import { describe, expect, it } from 'vitest';
import type { CsvRecord, CsvSyntaxError } from '../csv-records.ts';
import { numberText, plainNumber, serialDateText } from './cell-text.ts';
import { SharedStrings } from './shared-strings.ts';
import { SheetRows } from './sheet-rows.ts';
import { XmlScanner } from './xml-scanner.ts';

// Written as other programs write sheets: a namespace prefix, no `r` on some rows and cells,
// entities, CDATA, a comment, inline rich text with a phonetic guide, a shared formula, a `d` cell.
const SHEET = `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><!-- made by hand -->
<x:sheetData>
<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c><x:c r="C1" t="s"><x:v>0</x:v></x:c></x:row>
<x:row><x:c r="A2" t="inlineStr"><x:is><x:t xml:space="preserve">D&amp;1 </x:t></x:is></x:c><x:c r="B2" t="inlineStr"><x:is><x:r><x:t>Tōkyō </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>&#x65E5;&#26412;</x:t></x:r><x:rPh sb="0" eb="1"><x:t>とうきょう</x:t></x:rPh></x:is></x:c><x:c r="C2" s="1"><x:v>1.5E-3</x:v></x:c></x:row>
<x:row r="4" spans="1:3"><x:c r="A4" t="str"><x:v><![CDATA[a<b>c]]></x:v></x:c><x:c r="B4" t="d"><x:v>2026-12-01T00:00:00Z</x:v></x:c><x:c r="C4"/></x:row>
<x:row r="5"><x:c r="A5" t="s"><x:v>1</x:v></x:c><x:c r="C5"><x:f t="shared" si="0"/><x:v>3</x:v></x:c></x:row>
<x:row r="6"><x:c r="A6" t="s"><x:v>1</x:v></x:c><x:c r="C6" s="2"><x:v>46357.75</x:v></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B9:C9"/></x:mergeCells></x:worksheet>`;

const STRINGS = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2"><si><t>amount</t></si><si><r><t>a_x000D_</t></r><r><t>b</t></r></si></sst>`;

function read(chunks: Uint8Array[], strings: Uint8Array[]) {
  const shared = new SharedStrings();
  const s = new XmlScanner(shared);
  for (const c of strings) s.write(c);
  expect(s.end()).toBe(false);
  const errors: CsvSyntaxError[] = [];
  const rows = new SheetRows(
    {
      name: 'Sheet 1',
      sharedStrings: shared.texts,
      sharedSuspect: shared.suspect,
      isDateStyle: (style) => style === 2,
      date1904: false,
      formulaResults: false,
    },
    (e) => errors.push(e),
  );
  const scanner = new XmlScanner(rows);
  for (const c of chunks) scanner.write(c);
  expect(scanner.end()).toBe(false);
  return { records: rows.take(), errors, dataEnded: rows.dataEnded };
}

const EXPECTED: CsvRecord[] = [
  { line: 1, cells: ['id', 'name', 'amount'], suspect: false },
  { line: 2, cells: ['D&1 ', 'Tōkyō 日本', '0.0015'], suspect: false },
  { line: 4, cells: ['a<b>c', '2026-12-01', ''], suspect: false },
  { line: 6, cells: ['a\rb', '', '2026-12-01T18:00:00'], suspect: true },
];

describe('SheetRows over XmlScanner', () => {
  it('reads a sheet however its bytes are cut into chunks', () => {
    const bytes = Buffer.from(SHEET);
    const strings = Buffer.from(STRINGS);
    const whole = read([bytes], [strings]);
    expect(whole.records).toEqual(EXPECTED);
    expect(whole.dataEnded).toBe(true);
    expect(whole.errors).toEqual([
      { line: 5, field: 2, message: "'Sheet 1'!C5 holds a formula: paste the values instead" },
      { line: 9, field: 1, message: "'Sheet 1'!B9:C9 is a merged range: unmerge it and fill in every cell" },
    ]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const at = Math.min(cut, strings.length - 1);
      const split = read(
        [bytes.subarray(0, cut), bytes.subarray(cut)],
        [strings.subarray(0, at), strings.subarray(at)],
      );
      expect(split.records, `cut at ${cut}`).toEqual(EXPECTED);
      expect(split.errors).toEqual(whole.errors);
    }
  });

  it('reports a sheet cut inside a tag', () => {
    const scanner = new XmlScanner(new SharedStrings());
    scanner.write(Buffer.from('<sst><si><t>a</t></si><si'));
    expect(scanner.end()).toBe(true);
  });
});

describe('cell texts', () => {
  it('writes numbers as plain decimals', () => {
    expect([1e21, 1.5e-7, -2.5e-10, 123.456, -0, 1e100, 100 + 13.21, 2 ** 53 + 1].map(plainNumber)).toEqual([
      '1000000000000000000000',
      '0.00000015',
      '-0.00000000025',
      '123.456',
      '0',
      `1${'0'.repeat(100)}`,
      '113.21',
      '9007199254740990',
    ]);
  });

  it('keeps a stored number text only when it already is the plain text', () => {
    const raws = [
      '42',
      '-7',
      '113.21',
      '0.5',
      '-0.25',
      '1.50',
      '-0',
      '007',
      '113.21000000000001',
      '1E+3',
      '.5',
      '5.',
      'x',
    ];
    expect(raws.map(numberText)).toEqual([
      '42',
      '-7',
      '113.21',
      '0.5',
      '-0.25',
      '1.5',
      '0',
      '7',
      '113.21',
      '1000',
      '0.5',
      '5',
      undefined,
    ]);
  });

  it('writes serial dates as wall-clock text', () => {
    expect(serialDateText(45992, false)).toBe('2025-12-01');
    expect(serialDateText(45992.5, false)).toBe('2025-12-01T12:00:00');
    expect(serialDateText(45992.99999999, false)).toBe('2025-12-02');
    expect(serialDateText(0.75, false)).toBe('18:00:00');
    expect(serialDateText(44530, true)).toBe('2025-12-01');
  });
});
