import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, invalid } from '../../core/errors.ts';
import { IMPORT_ENCODINGS, type ImportEncoding } from '../../importer/import-source.ts';
import { booleanField } from './import-fields.ts';
import type { UploadedPart } from './receive-upload.ts';
import type { UploadSlot } from './upload-space.ts';

/**
 * Of a text file sent to the preview, at most this much is kept: the preview shows its first rows,
 * and 1 GB sent whole must cost no more than its head. Workbooks are kept whole (a zip cannot be
 * read from its head).
 */
export const PREVIEW_KEEP_BYTES = 8 * 1024 * 1024;

export interface PreviewPart {
  name: string;
  path: string;
  size: number;
  /** Only the head of the file is here: its last, possibly cut, record is not a row. */
  partial: boolean;
}

export interface ReceivedPreview {
  files: PreviewPart[];
  fields: Record<string, string>;
  encoding: ImportEncoding | undefined;
}

const isWorkbook = (name: string) => /\.xlsx$/i.test(name);

/** Writes at most `keep` bytes of `source` to `full` and reads (discards) the rest; the bytes kept. */
async function keepHead(source: Readable, full: string, keep: number, slot: UploadSlot): Promise<number> {
  let size = 0;
  await pipeline(
    source,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        if (size >= keep) continue;
        const part = size + chunk.length > keep ? chunk.subarray(0, keep - size) : chunk;
        slot.add(part.length);
        size += part.length;
        yield part;
      }
    },
    fs.createWriteStream(full),
  );
  return size;
}

/** Where the last line feed of `tail` ends, or -1; in UTF-16 a line feed is a whole code unit. */
function lastLineEnd(tail: Buffer, offset: number, utf16: boolean): number {
  if (!utf16) {
    const at = tail.lastIndexOf(0x0a);
    return at === -1 ? -1 : at + 1;
  }
  // Code units start at even file offsets (after the byte-order mark): 0a 00 (LE) or 00 0a (BE).
  for (let at = tail.length - 2; at >= 0; at--) {
    if ((offset + at) % 2 !== 0) continue;
    const a = tail[at]!;
    const b = tail[at + 1]!;
    if ((a === 0x0a && b === 0) || (a === 0 && b === 0x0a)) return at + 2;
  }
  return -1;
}

/**
 * Cuts a file's head after its last line break (a cut may split a character in two, which would read
 * as text that is not UTF-8); its size after. A head with no line break in its last MiB is left.
 */
function endAtLastLine(full: string, encoding: ImportEncoding | undefined): number {
  const fd = fs.openSync(full, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 1024 * 1024));
    const offset = size - tail.length;
    fs.readSync(fd, tail, 0, tail.length, offset);
    const end = lastLineEnd(tail, offset, encoding === 'utf-16');
    if (end === -1) return size;
    fs.ftruncateSync(fd, offset + end);
    return offset + end;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The files and fields of a preview request. Each file goes to the slot's directory (counted on
 * the temporary disk of uploads), a text file only up to PREVIEW_KEEP_BYTES; a file cut there, or
 * sent as a head (`partial=true`), is marked partial.
 */
export async function receivePreview(
  parts: AsyncIterable<UploadedPart>,
  slot: UploadSlot,
  limitBytes: number,
): Promise<ReceivedPreview> {
  const files: PreviewPart[] = [];
  const fields: Record<string, string> = {};
  for await (const part of parts) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    const name = path.basename(part.filename ?? '');
    if (name === '' || !/\.(csv|xlsx)$/i.test(name)) {
      part.file.resume();
      throw invalid('files', `${name || 'a file'} is not a CSV or XLSX file`, {
        rule: 'file_type',
        file: name,
      });
    }
    if (files.some((file) => file.name === name))
      throw invalid('files', `${name} was sent twice`, { rule: 'uploaded_twice', file: name });
    const full = path.join(slot.dir, name);
    const keep = isWorkbook(name) ? limitBytes : PREVIEW_KEEP_BYTES;
    const size = await keepHead(part.file, full, keep, slot);
    if (part.file.truncated)
      throw new DomainError('too_large', `${name} is larger than the upload limit`, {
        field: 'files',
        params: { file: name, limit_bytes: limitBytes },
      });
    files.push({ name, path: full, size, partial: size >= keep });
  }
  if (files.length === 0) throw invalid('files', 'send at least one file to preview', { rule: 'required' });
  const encoding = IMPORT_ENCODINGS.find((known) => known === fields.encoding);
  if (fields.encoding !== undefined && encoding === undefined)
    throw invalid('encoding', `must be one of ${IMPORT_ENCODINGS.join(', ')}`, { rule: 'one_of' });
  const partial = booleanField('partial', fields.partial);
  const received = files.map((file) => (partial ? { ...file, partial: true } : file));
  for (const file of received)
    if (file.partial && !isWorkbook(file.name)) file.size = endAtLastLine(file.path, encoding);
  return {
    files: received,
    fields,
    encoding,
  };
}
