import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_SPECS } from '../../importer/file-specs.ts';
import { IMPORT_DOC_PATH, importFormatMarkdown } from './import-format-doc.ts';

/** Each file's columns with their longest cell, as docs/import.md's table writes them. */
const limitsOf = (spec: (typeof FILE_SPECS)[number]) =>
  spec.columns.map((column) => `${column} ${spec.maxLength[column]!.toLocaleString('en')}`).join(', ');

describe('the field lengths of docs/import.md', () => {
  it('are the importer’s own, for every column of every file', () => {
    const doc = fs.readFileSync(IMPORT_DOC_PATH, 'utf8');
    for (const spec of FILE_SPECS) {
      expect(Object.keys(spec.maxLength).sort()).toEqual([...spec.columns].sort());
      expect(doc).toContain(`| \`${spec.file}\` | ${limitsOf(spec)} |`);
    }
  });

  it('reach the format document the app serves, as one list item per file', () => {
    const served = importFormatMarkdown();
    for (const spec of FILE_SPECS) expect(served).toContain(`- \`${spec.file}\`: ${limitsOf(spec)}`);
  });
});
