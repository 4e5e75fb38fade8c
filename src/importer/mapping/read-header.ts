import type { Readable } from 'node:stream';
import { readCsv } from '../csv-records.ts';
import type { ImportEncoding } from '../import-encodings.ts';
import { DecodedText } from '../text-decoding.ts';
import { isWorkbookFile } from './source-records.ts';

/** A file whose header can be read: a name, its bytes, and the encoding declared for it. */
export interface HeaderSource {
  name: string;
  path?: string;
  encoding?: ImportEncoding;
  open(): Readable;
}

/**
 * The header of a source (a CSV file's first record, a sheet's first row) without reading the
 * rest; null for an empty file or sheet, or text that cannot be read as CSV.
 */
export async function readSourceHeader(source: HeaderSource, sheet?: string): Promise<string[] | null> {
  if (isWorkbookFile(source.name, source.path)) {
    const { readXlsxHeader } = await import('../xlsx/read-xlsx.ts');
    return readXlsxHeader(source.path ?? source.open(), sheet);
  }
  const input = source.open();
  const text = new DecodedText(input, source.encoding);
  text.on('error', () => {});
  const records = readCsv(text, () => {});
  try {
    for await (const chunk of records) {
      const first = chunk.records[0];
      if (first) return first.cells;
    }
    return null;
  } finally {
    await records.return(undefined);
    text.destroy();
    input.destroy();
  }
}

/** The sheets of a workbook, in tab order. */
export async function sheetsOf(source: HeaderSource): Promise<string[]> {
  const { listSheets } = await import('../xlsx/read-xlsx.ts');
  return listSheets(source.path ?? source.open());
}
