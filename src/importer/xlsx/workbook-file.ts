import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { isDateFormat } from './cell-text.ts';
import { SharedStrings } from './shared-strings.ts';
import { describe, notXlsxReason, SNIFF_BYTES, XlsxFileError } from './workbook-errors.ts';
import type { WorkbookSource, WorksheetPart } from './workbook-stream.ts';
import { attribute, type XmlHandler, XmlScanner } from './xml-scanner.ts';
import { openZipEntry, readZipDirectory, type ZipEntry } from './zip-directory.ts';

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the East Asian ones). */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81,
]);

interface SheetInfo {
  name: string;
  state: string | undefined;
  part: string | undefined;
}

/** Calls `open` for every element of a small part (workbook, relationships, styles). */
function elements(open: (name: string, tag: string) => void): XmlHandler {
  return { open, close: () => {}, text: () => {} };
}

/**
 * A workbook on disk, read through the zip's directory: the workbook, its relationships, styles
 * and shared strings first, then only the sheet asked for, inflated as a stream from its place in
 * the file. Nothing is parked in temporary files, a preview reads only the start of a sheet, and
 * no entry's end is guessed (see zip-directory.ts).
 */
export class WorkbookFile implements WorkbookSource {
  private fd: number | null = null;
  private entries = new Map<string, ZipEntry>();
  private sheets: SheetInfo[] = [];
  private is1904 = false;
  private strings = new SharedStrings();
  private formatOfStyle: number[] = [];
  private readonly formats = new Map<number, string>();
  private readonly dateStyles = new Map<number, boolean>();
  private readonly open = new Set<Readable>();
  private sheetStart = 0;
  private sheetRead = 0;
  private closed = false;

  constructor(private readonly file: string) {}

  get position(): number {
    return this.sheetStart + this.sheetRead;
  }

  get date1904(): boolean {
    return this.is1904;
  }

  get sharedStrings(): readonly string[] {
    return this.strings.texts;
  }

  get sharedSuspect(): readonly boolean[] {
    return this.strings.suspect;
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  firstSheet(): string | undefined {
    return (this.sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? this.sheets[0])
      ?.name;
  }

  isDateStyle(style: number): boolean {
    let known = this.dateStyles.get(style);
    if (known === undefined) {
      const id = this.formatOfStyle[style] ?? 0;
      const custom = this.formats.get(id);
      known = custom === undefined ? DATE_FORMAT_IDS.has(id) : isDateFormat(custom);
      this.dateStyles.set(style, known);
    }
    return known;
  }

  private async scan(name: string, handler: XmlHandler): Promise<boolean> {
    const entry = this.entries.get(name);
    if (!entry || this.fd === null) return false;
    const stream = openZipEntry(this.file, this.fd, entry);
    this.open.add(stream);
    try {
      const scanner = new XmlScanner(handler);
      for await (const chunk of stream) scanner.write(chunk as Buffer);
      if (scanner.end()) throw new XlsxFileError(`is damaged: its part ${name} is cut short`);
    } finally {
      this.open.delete(stream);
      stream.destroy();
    }
    return true;
  }

  /** Reads everything but the sheets; throws XlsxFileError. */
  async prepare(): Promise<void> {
    try {
      const stat = await fs.promises.stat(this.file);
      this.fd = fs.openSync(this.file, 'r');
      const head = Buffer.alloc(Math.min(SNIFF_BYTES, stat.size));
      fs.readSync(this.fd, head, 0, head.length, 0);
      const reason = notXlsxReason(head);
      if (reason) throw new XlsxFileError(reason);
      this.entries = readZipDirectory(this.fd, stat.size);
      let workbookPart = 'xl/workbook.xml';
      await this.scan(
        '_rels/.rels',
        elements((name, tag) => {
          if (name === 'Relationship' && /\/officeDocument$/.test(attribute(tag, 'Type') ?? ''))
            workbookPart = (attribute(tag, 'Target') ?? workbookPart).replace(/^\//, '');
        }),
      );
      const base = workbookPart.includes('/') ? workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1) : '';
      const sheetRefs: { name: string; state: string | undefined; id: string | undefined }[] = [];
      const found = await this.scan(
        workbookPart,
        elements((name, tag) => {
          if (name === 'sheet')
            sheetRefs.push({
              name: attribute(tag, 'name') ?? '',
              state: attribute(tag, 'state'),
              id: attribute(tag, 'r:id') ?? attribute(tag, 'id'),
            });
          else if (name === 'workbookPr') {
            const v = attribute(tag, 'date1904');
            this.is1904 = v === '1' || v === 'true';
          }
        }),
      );
      if (!found) throw new XlsxFileError('is a zip archive but not an .xlsx workbook');
      const relsPart = `${base}_rels/${workbookPart.slice(base.length)}.rels`;
      const targets = new Map<string, string>();
      await this.scan(
        relsPart,
        elements((name, tag) => {
          const id = attribute(tag, 'Id');
          const target = attribute(tag, 'Target');
          if (name !== 'Relationship' || id === undefined || target === undefined) return;
          targets.set(id, target.startsWith('/') ? target.slice(1) : base + target.replace(/^\.\//, ''));
        }),
      );
      this.sheets = sheetRefs.map((s) => ({
        name: s.name,
        state: s.state,
        part: s.id === undefined ? undefined : targets.get(s.id),
      }));
      let inCellXfs = false;
      await this.scan(`${base}styles.xml`, {
        open: (name, tag, selfClosing) => {
          if (name === 'numFmt') {
            const id = Number(attribute(tag, 'numFmtId'));
            this.formats.set(id, attribute(tag, 'formatCode') ?? '');
          } else if (name === 'cellXfs') inCellXfs = !selfClosing;
          else if (name === 'xf' && inCellXfs)
            this.formatOfStyle.push(Number(attribute(tag, 'numFmtId') ?? 0));
        },
        close: (name) => {
          if (name === 'cellXfs') inCellXfs = false;
        },
        text: () => {},
      });
      const strings = new SharedStrings();
      await this.scan(`${base}sharedStrings.xml`, strings);
      this.strings = strings;
    } catch (error) {
      throw error instanceof XlsxFileError ? error : new XlsxFileError(describe(error));
    }
  }

  async *worksheets(): AsyncGenerator<WorksheetPart> {
    await this.prepare();
    for (const sheet of this.sheets) {
      const entry = sheet.part === undefined ? undefined : this.entries.get(sheet.part);
      if (!entry) throw new XlsxFileError(`is damaged: its sheet "${sheet.name}" is missing`);
      yield { name: sheet.name, chunks: this.chunks(entry) };
    }
  }

  private async *chunks(entry: ZipEntry): AsyncGenerator<Uint8Array> {
    if (this.fd === null) return;
    this.sheetStart = entry.localHeader;
    this.sheetRead = 0;
    const stream = openZipEntry(this.file, this.fd, entry, (bytes) => {
      this.sheetRead += bytes;
    });
    this.open.add(stream);
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      throw error instanceof XlsxFileError ? error : new XlsxFileError(describe(error));
    } finally {
      this.open.delete(stream);
      stream.destroy();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.open) stream.destroy();
    this.open.clear();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
