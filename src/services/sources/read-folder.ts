import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SourceFetchError } from './fetch-source.ts';

const SOURCE_FILE = /\.(csv|xlsx|json)$/i;

export interface FolderFiles {
  files: { name: string; path: string; size: number }[];
  /** SHA-256 over every file's name and content: equal when nothing in the folder changed. */
  sha256: string;
  bytes: number;
}

/** The folder's CSV, XLSX and org.json files (not hidden ones, not subfolders), with one hash over all. */
export async function readFolder(dir: string): Promise<FolderFiles> {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch (error) {
    throw new SourceFetchError(
      `folder ${dir} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const all = createHash('sha256');
  const files: FolderFiles['files'] = [];
  let bytes = 0;
  for (const name of names) {
    if (name.startsWith('.') || !SOURCE_FILE.test(name)) continue;
    const full = path.join(dir, name);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    const one = createHash('sha256');
    for await (const chunk of fs.createReadStream(full, { highWaterMark: 1 << 20 }))
      one.update(chunk as Buffer);
    all.update(`${name}\0${one.digest('hex')}\n`);
    files.push({ name, path: full, size: stat.size });
    bytes += stat.size;
  }
  if (files.length === 0) throw new SourceFetchError(`folder ${dir} holds no .csv or .xlsx file`);
  return { files, sha256: all.digest('hex'), bytes };
}
