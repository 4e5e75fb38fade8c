import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, invalid } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import type { ImportIssue } from '../../importer/import-errors.ts';
import { fileOnDisk, type ImportFile, KNOWN_FILES } from '../../importer/import-source.ts';
import type { ImportResult } from '../../importer/run-import.ts';
import { importFiles } from '../../services/imports/import-files.ts';

export interface UploadedPart {
  filename: string;
  file: Readable & { truncated?: boolean };
}

export interface ReceivedUpload {
  files: ImportFile[];
  ignored: ImportIssue[];
  /** Deletes the received files. */
  dispose(): void;
}

const megabytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;

const tooLarge = (name: string, limitBytes: number) =>
  new DomainError(
    'too_large',
    `${name || 'a file'} is larger than the upload limit of ${megabytes(limitBytes)}: import it with "udn import DIR" instead`,
    { field: 'files', params: { file: name, limit_bytes: limitBytes } },
  );

/**
 * Streams the uploaded files to a temporary directory, so a large deals.csv never sits in memory;
 * files with other names are ignored with a warning, as `udn import DIR` ignores them.
 */
export async function receiveUpload(
  parts: AsyncIterable<UploadedPart>,
  limitBytes: number,
): Promise<ReceivedUpload> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-upload-'));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  const files: ImportFile[] = [];
  const ignored: ImportIssue[] = [];
  let current = '';
  try {
    for await (const part of parts) {
      const name = path.basename(part.filename ?? '');
      current = name;
      if (!KNOWN_FILES.includes(name)) {
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
      const full = path.join(dir, name);
      await pipeline(part.file, fs.createWriteStream(full));
      if (part.file.truncated) throw tooLarge(name, limitBytes);
      files.push(fileOnDisk(name, full));
    }
  } catch (error) {
    dispose();
    // The multipart parser reports an oversized file from the stream or from the next part.
    if ((error as { statusCode?: number }).statusCode === 413 && !(error instanceof DomainError)) {
      throw tooLarge(current, limitBytes);
    }
    throw error;
  }
  return { files, ignored, dispose };
}

/** Imports received files through the same importer as the CLI (all or nothing, same errors). */
export async function importUpload(
  store: Store,
  orgId: number,
  upload: ReceivedUpload,
): Promise<ImportResult> {
  try {
    const result = await importFiles(store, upload.files, { source: 'upload', orgId });
    return { ...result, warnings: [...upload.ignored, ...result.warnings] };
  } finally {
    upload.dispose();
  }
}

const uploadsInProgress = new WeakMap<object, number>();

/** Runs an upload's receiving and importing, counted so that other work can see one is under way. */
export async function trackUpload<T>(owner: object, work: () => Promise<T>): Promise<T> {
  uploadsInProgress.set(owner, (uploadsInProgress.get(owner) ?? 0) + 1);
  try {
    return await work();
  } finally {
    uploadsInProgress.set(owner, (uploadsInProgress.get(owner) ?? 1) - 1);
  }
}

/** Uploads being received or imported by this server now. */
export const uploadsUnderWay = (owner: object): number => uploadsInProgress.get(owner) ?? 0;
