import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { type CsvChunk, type CsvSyntaxError, readCsv } from '../csv-records.ts';
import type { DecodedText } from '../text-decoding.ts';

/** Whether a source is named as a workbook (read by sheet) rather than CSV text. */
export const isWorkbookName = (name: string): boolean => /\.xlsx$/i.test(name);

/** A zip archive's local file header: an .xlsx workbook is one, whatever it is named. */
const isZip = (bytes: Buffer): boolean =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** Whether a file on disk is a workbook: by its name, else by its first bytes. */
export function isWorkbookFile(name: string, path: string | undefined): boolean {
  if (isWorkbookName(name)) return true;
  if (path === undefined) return false;
  const bytes = Buffer.alloc(4);
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'r');
    return isZip(bytes.subarray(0, fs.readSync(fd, bytes, 0, 4, 0)));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The first chunk of a stream, put back for whoever reads it next; null for an empty stream. */
async function peek(input: Readable): Promise<Buffer | null> {
  while (true) {
    const chunk = input.read() as Buffer | string | null;
    if (chunk !== null) {
      input.unshift(chunk);
      return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    }
    if (input.readableEnded || input.destroyed) return null;
    await new Promise<void>((resolve) => {
      const done = () => {
        for (const event of ['readable', 'end', 'error', 'close']) input.off(event, done);
        resolve();
      };
      for (const event of ['readable', 'end', 'error', 'close']) input.on(event, done);
    });
  }
}

/**
 * The records of a mapped source: a CSV file's (as decoded text) or a workbook sheet's rows, with
 * the same shapes and line numbers (a sheet's row number), so the rest of reading is the same. A
 * workbook is told by its name or, named otherwise, by its first bytes; `onWorkbook` hears which.
 */
export async function* sourceRecords(
  input: Readable,
  text: DecodedText,
  fileName: string,
  sheet: string | undefined,
  onSyntaxError: (error: CsvSyntaxError) => void,
  onWorkbook: (workbook: boolean) => void = () => {},
): AsyncGenerator<CsvChunk> {
  let workbook = isWorkbookName(fileName);
  if (!workbook) {
    const first = await peek(input);
    workbook = first !== null && isZip(first);
  }
  onWorkbook(workbook);
  if (!workbook) {
    yield* readCsv(text, onSyntaxError);
    return;
  }
  // Loaded only for workbooks: CSV imports never pay for the zip and XML readers.
  const { readXlsx } = await import('../xlsx/read-xlsx.ts');
  yield* readXlsx(input, sheet === undefined ? {} : { sheet }, onSyntaxError);
}
