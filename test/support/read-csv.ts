import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** Reads a generated CSV back as records keyed by header — for tests and sanity scripts. */
export async function readCsv(dir: string, file: string): Promise<Record<string, string>[]> {
  const text = await readFile(join(dir, file), 'utf8');
  return parse(text, { columns: true, bom: true }) as Record<string, string>[];
}

/** Reads CSV text (quoted fields, doubled quotes, CRLF or LF, a byte order mark) into rows of fields. */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true }) as string[][];
}
