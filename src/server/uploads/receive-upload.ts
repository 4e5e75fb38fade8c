import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, invalid } from '../../core/errors.ts';
import type { ImportIssue } from '../../importer/import-errors.ts';
import {
  fileOnDisk,
  IMPORT_ENCODINGS,
  type ImportEncoding,
  type ImportFile,
  KNOWN_FILES,
} from '../../importer/import-source.ts';
import type { UploadSlot } from './upload-space.ts';

/** A part of the multipart body: a file, or a form field (`encoding`, `mappings` …). */
export type UploadedPart =
  | { type: 'file'; filename: string; file: Readable & { truncated?: boolean } }
  | { type: 'field'; fieldname: string; value: unknown };

export interface ReceivedUpload {
  files: ImportFile[];
  ignored: ImportIssue[];
  /** The declared encoding of every file (the form's `encoding` field), when one was sent. */
  encoding: ImportEncoding | undefined;
  /** The other text fields, by name (the last of a repeated one). */
  fields: Record<string, string>;
}

/**
 * Files an import reads: UDN's own by name, and any CSV or XLSX file (a CRM export, a workbook),
 * recognised later by its header.
 */
export const isImportSource = (name: string): boolean =>
  KNOWN_FILES.includes(name) || /\.(csv|xlsx)$/i.test(name);

const megabytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;

const tooLarge = (name: string, limitBytes: number) =>
  new DomainError(
    'too_large',
    `${name || 'a file'} is larger than the upload limit of ${megabytes(limitBytes)}: import it with "udn import DIR" instead`,
    { field: 'files', params: { file: name, limit_bytes: limitBytes } },
  );

const isEncoding = (value: unknown): value is ImportEncoding =>
  typeof value === 'string' && (IMPORT_ENCODINGS as readonly string[]).includes(value);

/**
 * Streams the uploaded files into the upload's directory (`slot`, which counts the bytes against
 * the temporary disk limit), so a large deals.csv never sits in memory. UDN's files and any CSV or
 * XLSX file are kept; others are ignored with a warning, as `udn import DIR` ignores them. An
 * `encoding` field, sent before the files, declares their encoding; other fields are handed back.
 * The caller releases the slot.
 */
export async function receiveUpload(
  parts: AsyncIterable<UploadedPart>,
  limitBytes: number,
  slot: UploadSlot,
): Promise<ReceivedUpload> {
  const files: ImportFile[] = [];
  const ignored: ImportIssue[] = [];
  let encoding: ImportEncoding | undefined;
  const fields: Record<string, string> = {};
  let current = '';
  let seenFile = false;
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname !== 'encoding') {
          if (typeof part.value === 'string') fields[part.fieldname] = part.value;
          continue;
        }
        if (!isEncoding(part.value)) {
          throw invalid('encoding', `must be one of ${IMPORT_ENCODINGS.join(', ')}`, { rule: 'one_of' });
        }
        if (seenFile) {
          throw invalid('encoding', 'must be sent before the files', { rule: 'before_files' });
        }
        encoding = part.value;
        continue;
      }
      seenFile = true;
      const name = path.basename(part.filename ?? '');
      current = name;
      if (!isImportSource(name)) {
        part.file.resume();
        ignored.push({
          file: name || '(unnamed)',
          line: 0,
          column: null,
          message: 'not an import file, ignored',
        });
        continue;
      }
      if (files.some((file) => file.name === name))
        throw invalid('files', `${name} was uploaded twice`, { rule: 'uploaded_twice', file: name });
      const full = path.join(slot.dir, name);
      let size = 0;
      await pipeline(
        part.file,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            slot.add(chunk.length);
            size += chunk.length;
            yield chunk;
          }
        },
        fs.createWriteStream(full),
      );
      if (part.file.truncated) throw tooLarge(name, limitBytes);
      files.push(fileOnDisk(name, full, size, encoding));
    }
  } catch (error) {
    // The multipart parser reports an oversized file from the stream or from the next part.
    if ((error as { statusCode?: number }).statusCode === 413 && !(error instanceof DomainError)) {
      throw tooLarge(current, limitBytes);
    }
    throw error;
  }
  return { files, ignored, encoding, fields };
}

const uploadsInProgress = new WeakMap<object, number>();

/** Counts an upload as under way until the returned function is called (once). */
export function beginUpload(owner: object): () => void {
  uploadsInProgress.set(owner, (uploadsInProgress.get(owner) ?? 0) + 1);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    uploadsInProgress.set(owner, (uploadsInProgress.get(owner) ?? 1) - 1);
  };
}

/** Runs an upload's receiving and importing, counted so that other work can see one is under way. */
export async function trackUpload<T>(owner: object, work: () => Promise<T>): Promise<T> {
  const end = beginUpload(owner);
  try {
    return await work();
  } finally {
    end();
  }
}

/** Uploads being received or imported by this server now. */
export const uploadsUnderWay = (owner: object): number => uploadsInProgress.get(owner) ?? 0;
