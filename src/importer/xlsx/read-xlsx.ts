import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { CsvChunk, CsvSyntaxError } from '../csv-records.ts';
import { SheetRows } from './sheet-rows.ts';
import { WorkbookFile } from './workbook-file.ts';
import { type WorkbookSource, WorkbookStream, XlsxFileError } from './workbook-stream.ts';
import { XmlScanner } from './xml-scanner.ts';

export { XlsxFileError } from './workbook-stream.ts';

export interface XlsxReadOptions {
  /** The sheet to read (compared ignoring case); the first visible sheet when absent. */
  sheet?: string;
  /**
   * Read a formula cell as the result the workbook saved with it. Off by default: a saved result
   * may be stale (a workbook written by a program that does not calculate) and the person should
   * decide, so a formula is refused naming its cell unless they chose this.
   */
  formulaResults?: boolean;
}

/**
 * The file behind a stream opened on a whole file and not read yet: such a workbook is better read
 * from the file (see WorkbookFile), so the stream is closed and its path used.
 */
function onDisk(input: Readable | string): Readable | string {
  if (typeof input === 'string' || !(input instanceof fs.ReadStream)) return input;
  const whole = (input as { start?: number }).start === undefined && input.bytesRead === 0;
  if (!whole || typeof input.path !== 'string' || input.readableDidRead) return input;
  input.on('error', () => {});
  input.destroy();
  return input.path;
}

function sameSheet(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function listed(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/**
 * Streams one sheet of an .xlsx workbook as the same chunks of records `readCsv` gives, so the
 * importer reads a sheet as it reads a CSV file: `line` is the sheet's row number (rows the sheet
 * leaves out are absent, so numbers stay the sheet's), cells are the text a CSV would hold.
 * Memory stays bounded whatever the sheet's size: the zip and the sheet are read as streams.
 *
 * Refused cells (formulas, error values, merged ranges) are reported through `onSyntaxError`
 * naming the cell (`Deals!C5`) and reading goes on; a file that is not a readable workbook, or a
 * sheet it does not have, is reported once with `stops`. Stopping early (`return()` on the
 * generator, as a preview after 100 rows does) releases the file and its temporary files.
 */
export async function* readXlsx(
  input: Readable | string,
  options: XlsxReadOptions,
  onSyntaxError: (e: CsvSyntaxError) => void,
): AsyncGenerator<CsvChunk> {
  // A file on disk is read through its zip directory; a stream (an upload, a download) as it comes.
  const source = onDisk(input);
  const book: WorkbookSource =
    typeof source === 'string' ? new WorkbookFile(source) : new WorkbookStream(source);
  try {
    let found = false;
    for await (const part of book.worksheets()) {
      const wanted = options.sheet ?? book.firstSheet() ?? part.name;
      if (!sameSheet(part.name, wanted)) continue;
      found = true;
      const rows = new SheetRows(
        {
          name: part.name,
          sharedStrings: book.sharedStrings,
          sharedSuspect: book.sharedSuspect,
          isDateStyle: (style) => book.isDateStyle(style),
          date1904: book.date1904,
          formulaResults: options.formulaResults === true,
        },
        onSyntaxError,
      );
      const scanner = new XmlScanner(rows);
      for await (const chunk of part.chunks) {
        scanner.write(chunk);
        // A zip chunk holds a few hundred rows: handing them over at once lets a preview stop early.
        if (rows.records.length > 0) yield { records: rows.take(), position: book.position };
      }
      const cut = scanner.end();
      if (rows.records.length > 0) yield { records: rows.take(), position: book.position };
      if (cut || !rows.dataEnded)
        onSyntaxError({
          line: 1,
          message: `sheet "${part.name}" is cut short: the workbook is damaged`,
          stops: true,
        });
      break;
    }
    if (!found) {
      const names = book.sheetNames();
      const message =
        names.length === 0
          ? 'has no sheets'
          : options.sheet === undefined
            ? `has no readable sheet (sheets: ${listed(names)})`
            : `has no sheet "${options.sheet}": its sheets are ${listed(names)}`;
      onSyntaxError({ line: 1, message, stops: true });
    }
  } catch (error) {
    if (!(error instanceof XlsxFileError)) throw error;
    onSyntaxError({ line: 1, message: error.message, stops: true });
  } finally {
    book.close();
  }
}

/** The sheets of a workbook, in tab order; reading stops as soon as the workbook part is read. */
export async function listSheets(given: Readable | string): Promise<string[]> {
  const input = onDisk(given);
  if (typeof input === 'string') {
    const book = new WorkbookFile(input);
    try {
      await book.prepare();
      if (book.sheetNames().length === 0) throw new XlsxFileError('has no sheets');
      return book.sheetNames();
    } finally {
      book.close();
    }
  }
  const book = new WorkbookStream(input, { stopAfterWorkbook: true });
  try {
    for await (const _part of book.worksheets()) {
      // A sheet came before the workbook part: its names are known now if ever.
      if (book.sheetNames().length > 0) break;
    }
    const names = book.sheetNames();
    if (names.length === 0) throw new XlsxFileError('is a zip archive but not an .xlsx workbook');
    return names;
  } finally {
    book.close();
  }
}

/**
 * The first non-empty row of a sheet (its header), reading no further; null for an empty sheet.
 * Throws XlsxFileError for a file that is not a workbook or a sheet it does not have.
 */
export async function readXlsxHeader(input: Readable | string, sheet?: string): Promise<string[] | null> {
  let failure: CsvSyntaxError | undefined;
  const reader = readXlsx(input, sheet === undefined ? {} : { sheet }, (e) => {
    if (e.stops) failure ??= e;
  });
  try {
    for await (const chunk of reader) {
      const first = chunk.records[0];
      if (first) return first.cells;
    }
  } finally {
    await reader.return(undefined);
  }
  if (failure) throw new XlsxFileError(failure.message);
  return null;
}
