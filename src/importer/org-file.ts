import { ORG_JSON_KEYS, type OrgJson, orgJsonSchema } from '../core/org-settings.ts';
import type { IssueCollector } from './import-errors.ts';
import { ORG_FILE } from './import-source.ts';

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

/** Reads org.json (KPI-SPEC §1); reports syntax errors with line and column, bad keys by name. */
export function readOrgFile(raw: string, issues: IssueCollector): OrgJson | undefined {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
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
  for (const key of Object.keys(data)) {
    if (!ORG_JSON_KEYS.includes(key))
      issues.warn(ORG_FILE, lineOfKey(text, key), key, 'unknown key, ignored');
  }
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
