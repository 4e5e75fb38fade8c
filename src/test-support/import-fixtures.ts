import type { Store } from '../db/database.ts';
import { fileFromText, type ImportFile } from '../importer/import-source.ts';
import { type ImportResult, runImport } from '../importer/run-import.ts';

/** Import files from inline text: `{ 'reps.csv': 'id,name\nR1,Ana\n' }`. */
export function filesOf(contents: Record<string, string>): ImportFile[] {
  return Object.entries(contents).map(([name, text]) => fileFromText(name, text));
}

export function importTexts(store: Store, contents: Record<string, string>): Promise<ImportResult> {
  return runImport(store, filesOf(contents), { source: 'test' });
}

/** CSV text from rows; the first row is the header. */
export function csv(...rows: string[][]): string {
  return `${rows.map((row) => row.join(',')).join('\n')}\n`;
}
