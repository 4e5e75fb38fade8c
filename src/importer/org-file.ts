import { ORG_JSON_KEYS, type OrgJson, orgJsonSchema } from '../core/org-settings.ts';
import type { IssueCollector } from './import-errors.ts';
import { type ImportFile, ORG_FILE } from './import-source.ts';
import { count, escapeControls } from './quote-cell.ts';
import { decodeAll } from './text-decoding.ts';

/** org.json holds five short settings; anything larger is not one. */
export const MAX_ORG_FILE_BYTES = 64 * 1024;

/** Controls refused in a setting: every one, tabs and line breaks too (a setting is one line). */
const CONTROL_RE = /\p{Cc}/u;

/** Line of the first `"key"` in a JSON text, so an error can point at it. */
function lineOfKey(text: string, key: string): number {
  const at = text.indexOf(`"${key}"`);
  return at === -1 ? 1 : text.slice(0, at).split('\n').length;
}

function lineAndColumnOf(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/**
 * Reads org.json from its file: decoded as the file was declared (text-decoding.ts), at most
 * MAX_ORG_FILE_BYTES, then as readOrgFile does.
 */
export async function readOrgJson(file: ImportFile, issues: IssueCollector): Promise<OrgJson | undefined> {
  if (file.size > MAX_ORG_FILE_BYTES) {
    issues.error(ORG_FILE, 0, null, `is ${count(file.size)} bytes; at most ${count(MAX_ORG_FILE_BYTES)}`);
    return undefined;
  }
  const { text, failure } = await decodeAll(file.open(), file.encoding);
  if (failure) {
    issues.error(ORG_FILE, text.split('\n').length, null, failure.message);
    return undefined;
  }
  return readOrgFile(text, issues);
}

/** Reads org.json (KPI-SPEC §1); reports syntax errors with line and column, bad keys by name. */
export function readOrgFile(raw: string, issues: IssueCollector): OrgJson | undefined {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const replaced = text.indexOf('\uFFFD');
  if (replaced !== -1) {
    // What a lenient decoder leaves for bytes that were not UTF-8: the file was not UTF-8 text.
    const where = lineAndColumnOf(text, replaced);
    issues.error(
      ORG_FILE,
      where.line,
      null,
      `is not valid UTF-8 (column ${where.column} holds U+FFFD, the mark of bytes that were not text): save it as UTF-8`,
    );
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const where = position ? lineAndColumnOf(text, Number(position[1])) : { line: 1, column: 1 };
    issues.error(ORG_FILE, where.line, null, `is not valid JSON (column ${where.column}): ${message}`);
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    issues.error(ORG_FILE, 1, null, 'must be a JSON object');
    return undefined;
  }
  let controls = false;
  for (const [key, value] of Object.entries(data)) {
    if (!ORG_JSON_KEYS.includes(key))
      issues.warn(ORG_FILE, lineOfKey(text, key), key, 'unknown key, ignored');
    const at = typeof value === 'string' ? value.search(CONTROL_RE) : -1;
    if (at !== -1) {
      controls = true;
      const char = escapeControls((value as string)[at]!);
      issues.error(
        ORG_FILE,
        lineOfKey(text, key),
        key,
        `holds a control character (${char}): not allowed in a setting`,
      );
    }
  }
  if (controls) return undefined;
  const parsed = orgJsonSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      issues.error(ORG_FILE, lineOfKey(text, key), key || null, issue.message);
    }
    return undefined;
  }
  return parsed.data;
}
