import fs from 'node:fs';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import ExcelJS from 'exceljs';
import { isDateFormat } from './cell-text.ts';
import { SharedStrings } from './shared-strings.ts';
import { describe, notXlsxReason, SNIFF_BYTES, XlsxFileError } from './workbook-errors.ts';
import { XmlScanner } from './xml-scanner.ts';

export { XlsxFileError } from './workbook-errors.ts';

/** What reading a sheet needs from a workbook, however it is read. */
export interface WorkbookSource {
  /** Each sheet's part; throws XlsxFileError when the file is not a readable workbook. */
  worksheets(): AsyncGenerator<WorksheetPart>;
  sheetNames(): string[];
  firstSheet(): string | undefined;
  readonly date1904: boolean;
  readonly sharedStrings: readonly string[];
  readonly sharedSuspect: readonly boolean[];
  isDateStyle(style: number): boolean;
  /** Bytes of the file read so far, for progress. */
  readonly position: number;
  close(): void;
}

export interface WorksheetPart {
  name: string;
  /** The sheet's XML, as raw bytes; a chunk may be reused once the next one is asked for. */
  chunks: AsyncIterable<Uint8Array>;
}

/** What exceljs's WorkbookReader keeps that UDN reads; its typings do not declare these. */
interface ReaderState {
  model?: { sheets?: { name: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  sharedStrings?: string[];
  parse(): AsyncGenerator<{ eventType: string; value: unknown }, void, undefined>;
}

interface EmittedWorksheet {
  name: string;
  iterator: AsyncIterable<Uint8Array>;
}

/**
 * Closes the file stream exceljs opened on a parked sheet, which UDN reads its own way or skips.
 * exceljs removes the file right after, possibly before the stream has opened it: that ENOENT is
 * expected and must not surface as an unhandled error.
 */
function discard(iterator: AsyncIterable<Uint8Array>): void {
  if (!(iterator instanceof fs.ReadStream)) return;
  iterator.on('error', () => {});
  iterator.destroy();
}

/** Passes the bytes through, refusing at once a stream whose first bytes are not a zip's. */
class Sniffer extends Transform {
  bytes = 0;
  private head: Buffer[] | null = [];
  private headBytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.head === null) {
      done(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) {
      done();
      return;
    }
    this.release(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.head === null) done();
    else this.release(done);
  }

  private release(done: TransformCallback): void {
    const head = Buffer.concat(this.head ?? []);
    this.head = null;
    const reason = notXlsxReason(head);
    if (reason) done(new XlsxFileError(reason));
    else done(null, head);
  }
}

const FILE_CHUNK_BYTES = 1 << 16;

/** A file's bytes in one reused buffer: each chunk is valid until the next one is asked for. */
async function* fileChunks(
  file: string,
  progress: { read: number; size: number },
): AsyncGenerator<Uint8Array> {
  const handle = await fs.promises.open(file, 'r');
  try {
    progress.size = (await handle.stat()).size;
    const buffer = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
    while (true) {
      const { bytesRead } = await handle.read(buffer, 0, FILE_CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      progress.read += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Ends exceljs's parse once the workbook part is read, for a listing of the sheets only. */
class SheetsKnown extends Error {}

/** No byte read for this long while exceljs is awaited: it is waiting for bytes that will not come. */
const STALL_MS = 30_000;
const STALL_CHECK_MS = 1_000;

const BaseReader = ExcelJS.stream.xlsx.WorkbookReader;
// The base class's parts are untyped (index.d.ts declares only read() and iteration).
const baseParts = BaseReader.prototype as unknown as {
  _parseWorkbook(this: unknown, entry: Readable): Promise<void>;
};

/**
 * exceljs's streaming WorkbookReader (the zip read as a stream, sheets that come before the shared
 * strings parked in temporary files, the workbook's sheet names, styles) with UDN's own reading of
 * the shared strings: exceljs decodes each zip chunk on its own, which breaks a UTF-8 character
 * that straddles two chunks, and keeps rich-text runs UDN only joins again.
 */
class UdnWorkbookReader extends BaseReader {
  stopAfterWorkbook = false;
  suspectStrings: boolean[] = [];

  // biome-ignore lint/correctness/useYield: exceljs delegates to this with yield*; UDN's version only fills the cache.
  async *_parseSharedStrings(entry: AsyncIterable<Uint8Array>): AsyncGenerator<never> {
    const strings = new SharedStrings();
    const scanner = new XmlScanner(strings);
    for await (const chunk of entry) scanner.write(chunk);
    scanner.end();
    this.suspectStrings = strings.suspect;
    state(this).sharedStrings = strings.texts;
  }

  async _parseWorkbook(entry: Readable): Promise<void> {
    await baseParts._parseWorkbook.call(this, entry);
    if (this.stopAfterWorkbook) throw new SheetsKnown();
  }
}

function state(reader: UdnWorkbookReader): ReaderState {
  // exceljs keeps these on the instance without declaring them (see ReaderState).
  return reader as unknown as ReaderState;
}

/**
 * One pass over a workbook. `worksheets()` yields each sheet's part as the zip reaches it; a sheet
 * the caller does not read is skipped cheaply. `close()` releases everything, also mid-way.
 */
export class WorkbookStream implements WorkbookSource {
  private readonly source: Readable;
  private readonly sniffer = new Sniffer();
  private readonly reader: UdnWorkbookReader;
  private readonly parts: AsyncGenerator<{ eventType: string; value: unknown }, void, undefined>;
  private readonly failed: Promise<never>;
  private fail: (error: unknown) => void = () => {};
  private parked = false;
  /** How far into the parked sheet's file reading is. */
  private readonly parkedProgress = { read: 0, size: 0 };
  private closed = false;
  private readonly dateStyles = new Map<number, boolean>();

  constructor(input: Readable | string, options: { stopAfterWorkbook?: boolean } = {}) {
    this.failed = new Promise<never>((_resolve, reject) => {
      this.fail = reject;
    });
    // Raced against each step: a rejection nobody awaits any more must not surface as unhandled.
    this.failed.catch(() => {});
    this.source = typeof input === 'string' ? fs.createReadStream(input) : input;
    this.source.on('error', (e) => this.fail(e));
    this.sniffer.on('error', (e) => this.fail(e));
    this.source.pipe(this.sniffer);
    this.reader = new UdnWorkbookReader(this.sniffer, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    this.reader.stopAfterWorkbook = options.stopAfterWorkbook === true;
    this.parts = state(this.reader).parse();
  }

  /**
   * Progress in bytes of the workbook file: the zip read so far; while a parked sheet is read back
   * (the zip is read through by then) the same share of the file as of the sheet's part.
   */
  get position(): number {
    const { read, size } = this.parkedProgress;
    if (!this.parked || size === 0) return this.sniffer.bytes;
    return Math.round((this.sniffer.bytes * read) / size);
  }

  /**
   * Awaits exceljs, failing with the file's error if there is one. A step during which no byte
   * moves for STALL_MS means exceljs's zip reader lost an entry's end (see zip-directory.ts) and
   * would wait for ever: that is reported instead (the timer also keeps a CLI from exiting silently).
   */
  private async step<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const moved = () => this.sniffer.bytes + this.parkedProgress.read;
    const stalled = new Promise<never>((_resolve, reject) => {
      let last = moved();
      let still = 0;
      timer = setInterval(() => {
        const now = moved();
        still = now === last ? still + STALL_CHECK_MS : 0;
        last = now;
        if (still >= STALL_MS)
          reject(
            new XlsxFileError(
              'cannot be read as a stream (its zip entries cannot be told apart without its directory): save it again from the spreadsheet',
            ),
          );
      }, STALL_CHECK_MS);
    });
    try {
      return await Promise.race([promise, this.failed, stalled]);
    } finally {
      clearInterval(timer);
    }
  }

  /** Yields the sheets; throws XlsxFileError when the file is not a readable workbook. */
  async *worksheets(): AsyncGenerator<WorksheetPart> {
    while (true) {
      let next: IteratorResult<{ eventType: string; value: unknown }, void>;
      try {
        next = await this.step(this.parts.next());
      } catch (error) {
        if (error instanceof SheetsKnown) return;
        throw new XlsxFileError(describe(error));
      }
      if (next.done) break;
      if (next.value.eventType !== 'worksheet') continue;
      const sheet = next.value.value as EmittedWorksheet;
      // A parked sheet is read back from a temporary file once the whole zip has been read.
      const parked = sheet.iterator instanceof fs.ReadStream ? String(sheet.iterator.path) : null;
      this.parked = parked !== null;
      discard(sheet.iterator);
      // Read into one reused buffer rather than through the file stream: its fresh 64 KiB buffers
      // are freed only by a full garbage collection, which a steady heap does not trigger, and a
      // 1M-row sheet then held 400 MB of them.
      this.parkedProgress.read = 0;
      this.parkedProgress.size = 0;
      const chunks = this.chunks(parked === null ? sheet.iterator : fileChunks(parked, this.parkedProgress));
      yield { name: sheet.name, chunks };
    }
    if (!state(this.reader).model) throw new XlsxFileError('is a zip archive but not an .xlsx workbook');
  }

  private async *chunks(iterator: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    const it = iterator[Symbol.asyncIterator]();
    try {
      while (true) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await this.step(it.next());
        } catch (error) {
          throw new XlsxFileError(describe(error));
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Stopped early: a parked sheet's file handle is closed now, not when collected.
      it.return?.().catch(() => {});
    }
  }

  /** The workbook's sheets in tab order (known once its workbook part is read). */
  sheetNames(): string[] {
    return (state(this.reader).model?.sheets ?? []).map((s) => s.name);
  }

  /** The first sheet a person sees: hidden ones are passed over. */
  firstSheet(): string | undefined {
    const sheets = state(this.reader).model?.sheets ?? [];
    return (sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0])?.name;
  }

  get date1904(): boolean {
    return state(this.reader).properties?.model?.date1904 === true;
  }

  get sharedStrings(): readonly string[] {
    return state(this.reader).sharedStrings ?? [];
  }

  get sharedSuspect(): readonly boolean[] {
    return this.reader.suspectStrings;
  }

  isDateStyle(style: number): boolean {
    let known = this.dateStyles.get(style);
    if (known === undefined) {
      known = isDateFormat(state(this.reader).styles.getStyleModel(style)?.numFmt);
      this.dateStyles.set(style, known);
    }
    return known;
  }

  /**
   * Releases the file. When the zip has been read through (the sheets are parked), exceljs's parse
   * is run to its end with every remaining sheet skipped, which removes its temporary files;
   * otherwise reading stops where it is.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.parked) {
      const drain = async () => {
        for await (const part of this.parts) {
          if (part.eventType === 'worksheet') discard((part.value as EmittedWorksheet).iterator);
        }
      };
      drain().catch(() => {});
    } else {
      this.parts.return().catch(() => {});
    }
    this.source.unpipe(this.sniffer);
    this.source.destroy();
    this.sniffer.destroy();
  }
}
