import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ImportFile } from './import-source.ts';

/**
 * Raised whenever a change to the importer could read the same bytes into other rows or other
 * errors (a new rule, another reading of a cell): files recorded under an older value are parsed
 * again instead of skipped. The package version is part of the key too.
 */
const IMPORT_RULES_VERSION = 2;

const PACKAGE_VERSION = (
  JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The rules a file is read under: the importer's version and the file's declared encoding. */
export const rulesOf = (file: ImportFile): string =>
  `udn ${PACKAGE_VERSION}, rules ${IMPORT_RULES_VERSION}, ${file.encoding ?? 'utf-8'}`;

/** SHA-256 of the file's bytes, hex. */
export async function sha256Of(file: ImportFile): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of file.open()) hash.update(chunk as Buffer | string);
  return hash.digest('hex');
}
