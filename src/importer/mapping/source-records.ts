import type { Readable } from 'node:stream';
import { type CsvChunk, type CsvSyntaxError, readCsv } from '../csv-records.ts';
import type { DecodedText } from '../text-decoding.ts';

/** Whether a source is a workbook (read by sheet) rather than CSV text. */
export const isWorkbookName = (name: string): boolean => /\.xlsx$/i.test(name);

/**
 * The records of a mapped source: a CSV file's (as decoded text) or a workbook sheet's rows, with
 * the same shapes and line numbers (a sheet's row number), so the rest of reading is the same.
 */
export async function* sourceRecords(
  input: Readable,
  text: DecodedText,
  fileName: string,
  sheet: string | undefined,
  onSyntaxError: (error: CsvSyntaxError) => void,
): AsyncGenerator<CsvChunk> {
  if (!isWorkbookName(fileName)) {
    yield* readCsv(text, onSyntaxError);
    return;
  }
  // Loaded only for workbooks: CSV imports never pay for the zip and XML readers.
  const { readXlsx } = await import('../xlsx/read-xlsx.ts');
  yield* readXlsx(input, sheet === undefined ? {} : { sheet }, onSyntaxError);
}
