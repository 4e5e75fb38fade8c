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

/**
 * The import format as one markdown document, made from the two texts that define it, so the app
 * never shows a copy that drifted: KPI-SPEC §1 (org.json) and §2 (the files and their rules), and
 * docs/import.md (what UDN chose where the spec is silent).
 */
export function importFormatMarkdown(
  spec = fs.readFileSync(SPEC_PATH, 'utf8'),
  choices = fs.readFileSync(IMPORT_DOC_PATH, 'utf8'),
): string {
  const sections = markdownSection(spec, /^## 1\. /, /^## 3\. /);
  const body = choices.replace(/^# .*\n+/, '');
  return `${sections}\n\n## What UDN chose where the specification is silent\n\n${body.trim()}\n`;
}
