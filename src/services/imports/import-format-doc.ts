import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SPEC_PATH = path.join(ROOT, 'conformance/KPI-SPEC.md');
export const IMPORT_DOC_PATH = path.join(ROOT, 'docs/import.md');

/** The text from the heading that starts with `from` up to the next heading of the same level. */
export function markdownSection(markdown: string, from: RegExp, until: RegExp): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => from.test(line));
  if (start === -1) throw new Error(`no section ${from} in the document`);
  const end = lines.findIndex((line, i) => i > start && until.test(line));
  return lines
    .slice(start, end === -1 ? undefined : end)
    .join('\n')
    .trim();
}

/** The cells of a table row: split at pipes that are not escaped, `\|` read as a pipe. */
function cellsOf(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll('\\|', '|'));
}

/**
 * Rewrites each table as a list, one item per row: "first cell: second — third". The app renders
 * CommonMark, which has no tables, and a list reads better on a phone than a three-column table.
 */
export function tablesAsLists(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const isTable = lines[i]!.startsWith('|') && /^\|[\s:|-]+\|\s*$/.test(lines[i + 1] ?? '');
    if (!isTable) {
      out.push(lines[i]!);
      continue;
    }
    // The header says how to read the items ("columns (required in bold)").
    out.push(`*${cellsOf(lines[i]!).join(' · ')}*`, '');
    i += 2;
    while (i < lines.length && lines[i]!.startsWith('|')) {
      const [first = '', ...rest] = cellsOf(lines[i]!);
      const more = rest.filter((cell) => cell !== '');
      out.push(`- ${first}${more.length ? `: ${more.join(' — ')}` : ''}`);
      i++;
    }
    i--;
  }
  return out.join('\n');
}

/**
 * The import format as one markdown document, made from the two texts that define it so the app
 * never shows a copy that drifted: KPI-SPEC §1 (org.json) and §2 (the files and their rules), and
 * docs/import.md (what UDN chose where the spec is silent). Tables become lists.
 */
export function importFormatMarkdown(
  spec = fs.readFileSync(SPEC_PATH, 'utf8'),
  choices = fs.readFileSync(IMPORT_DOC_PATH, 'utf8'),
): string {
  const sections = markdownSection(spec, /^## 1\. /, /^## 3\. /);
  const body = choices.replace(/^# .*\n+/, '');
  return tablesAsLists(
    `${sections}\n\n## What UDN chose where the specification is silent\n\n${body.trim()}\n`,
  );
}
