import type { ImportErrorGroup, ImportIssue } from '../core/contracts/imports.ts';
import { escapeControls } from './quote-cell.ts';

export type { ImportErrorGroup, ImportIssue };

export const MAX_LISTED_ERRORS = 100;
/** Errors kept per group to show where the cause occurs: its first lines. */
export const GROUP_EXAMPLES = 20;
/**
 * Distinct causes kept apart. Reasons come from a fixed set of rules, so real imports have a few
 * dozen at most; past this, further causes of a file are counted together so memory stays bounded
 * whatever the file holds.
 */
export const MAX_GROUPS = 1000;
export const OTHER_CAUSES = 'other errors (too many different causes to list separately)';

/**
 * Longest message or column name kept. Messages quote cells through quoteCell, cut to 100
 * characters; this bounds what else may carry input (a JSON parser's message, a stored id).
 */
const MAX_MESSAGE_CHARS = 1000;

/** Text of an issue that is safe to print anywhere: controls escaped, length bounded. */
function safeText(text: string): string {
  const escaped = escapeControls(text);
  return escaped.length > MAX_MESSAGE_CHARS ? `${escaped.slice(0, MAX_MESSAGE_CHARS)}…` : escaped;
}

export function formatIssue(issue: ImportIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  return issue.column ? `${where}: ${issue.column}: ${issue.message}` : `${where}: ${issue.message}`;
}

/**
 * A reason with what differs from row to row set aside: quoted cells and ids (`"USD"`,
 * `rep "R9"`), and numbers, dates and instants (`line 12`, `has 7 fields`, `2026-01-05T03:00Z`).
 * What is left names the rule that was broken.
 */
export function reasonPattern(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/\d[\d:.+\-TZ]*/g, '…');
}

/** One cause as a collector counts it; plain data, so it can cross to another thread. */
export interface GroupTally {
  file: string;
  column: string | null;
  pattern: string;
  /** The first message seen, and whether every other message was the same. */
  message: string;
  same: boolean;
  count: number;
  /** The smallest lines seen, ascending, at most GROUP_EXAMPLES. */
  examples: { line: number; message: string }[];
}

/** Issues handed from one collector to another (from a parsing thread to the import). */
export interface IssueHandover {
  errors: ImportIssue[];
  /** Errors counted but not listed. */
  unlisted: number;
  /** Every error since the last handover, by cause. */
  groups: GroupTally[];
  warnings: ImportIssue[];
}

const keyOf = (file: string, column: string | null, pattern: string) =>
  `${file}\u0000${column ?? ''}\u0000${pattern}`;

/** Keeps `examples` the GROUP_EXAMPLES smallest lines, in order. */
function addExample(examples: GroupTally['examples'], line: number, message: string): void {
  if (examples.length >= GROUP_EXAMPLES && line >= examples[examples.length - 1]!.line) return;
  let at = examples.length;
  while (at > 0 && examples[at - 1]!.line > line) at--;
  examples.splice(at, 0, { line, message });
  if (examples.length > GROUP_EXAMPLES) examples.pop();
}

/**
 * Keeps the first errors in full and counts the rest, so a file of a million bad rows stays cheap;
 * counts every error by cause (file, column, reason pattern) exactly, over the whole import.
 */
export class IssueCollector {
  errors: ImportIssue[] = [];
  warnings: ImportIssue[] = [];
  errorCount = 0;
  // Listed over the collector's life, across handovers: nobody lists more than the first 100.
  private listedErrors = 0;
  private listedWarnings = 0;
  private handedOver = 0;
  private groups = new Map<string, GroupTally>();
  private source: { file: string; name: string; columns: ReadonlyMap<string, string> } | null = null;

  /**
   * Issues of `file` (a UDN file name, as the readers and checks say) are about a source file with
   * another name — a CRM export, a workbook sheet, a UDN file named otherwise: they name `name`
   * and its columns (`columns`: UDN column → source column), so errors point at the source cell.
   */
  nameSource(file: string, name: string, columns: ReadonlyMap<string, string> = new Map()): void {
    this.source = file === name && columns.size === 0 ? null : { file, name, columns };
  }

  clearSource(): void {
    this.source = null;
  }

  error(rawFile: string, line: number, udnColumn: string | null, rawMessage: string): void {
    let file = rawFile;
    let rawColumn = udnColumn;
    if (this.source !== null && file === this.source.file) {
      file = this.source.name;
      if (rawColumn !== null) rawColumn = this.source.columns.get(rawColumn) ?? rawColumn;
    }
    const column = rawColumn === null ? null : safeText(rawColumn);
    const message = safeText(rawMessage);
    this.errorCount++;
    this.list({ file, line, column, message });
    this.tally(
      { file, column, pattern: reasonPattern(message), message, same: true, count: 1, examples: [] },
      [{ line, message }],
    );
  }

  warn(rawFile: string, line: number, udnColumn: string | null, message: string): void {
    let file = rawFile;
    let column = udnColumn;
    if (this.source !== null && file === this.source.file) {
      file = this.source.name;
      if (column !== null) column = this.source.columns.get(column) ?? column;
    }
    if (this.listedWarnings < MAX_LISTED_ERRORS) {
      this.listedWarnings++;
      this.warnings.push({
        file,
        line,
        column: column === null ? null : safeText(column),
        message: safeText(message),
      });
    }
  }

  /** The issues collected since the last handover, which this collector then forgets. */
  handOver(): IssueHandover {
    const handover = {
      errors: this.errors,
      unlisted: this.errorCount - this.handedOver - this.errors.length,
      groups: [...this.groups.values()],
      warnings: this.warnings,
    };
    this.handedOver = this.errorCount;
    this.errors = [];
    this.groups = new Map();
    this.warnings = [];
    return handover;
  }

  /** Takes over another collector's issues. */
  receive(handover: IssueHandover): void {
    for (const e of handover.errors) this.list(e);
    this.errorCount += handover.errors.length + handover.unlisted;
    for (const group of handover.groups) this.tally({ ...group, examples: [] }, group.examples);
    for (const w of handover.warnings) this.warn(w.file, w.line, w.column, w.message);
  }

  /** Errors in file order (as given), then by line; reports read top to bottom like the files. */
  sortedErrors(fileOrder: readonly string[]): ImportIssue[] {
    const rank = rankIn(fileOrder);
    return [...this.errors].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line);
  }

  /** Every error by cause: in file order, then the largest group first, then by first line. */
  sortedGroups(fileOrder: readonly string[]): ImportErrorGroup[] {
    const rank = rankIn(fileOrder);
    return [...this.groups.values()]
      .map(
        (g): ImportErrorGroup => ({
          file: g.file,
          column: g.column,
          reason: g.same ? g.message : g.pattern,
          count: g.count,
          examples: g.examples.map((e) => ({ ...e })),
        }),
      )
      .sort(
        (a, b) =>
          rank(a.file) - rank(b.file) ||
          b.count - a.count ||
          (a.examples[0]?.line ?? 0) - (b.examples[0]?.line ?? 0),
      );
  }

  get failed(): boolean {
    return this.errorCount > 0;
  }

  private list(issue: ImportIssue): void {
    if (this.listedErrors < MAX_LISTED_ERRORS) {
      this.listedErrors++;
      this.errors.push({ ...issue });
    }
  }

  /** Adds a tally (one error, or another collector's group) to its cause. */
  private tally(next: GroupTally, examples: GroupTally['examples']): void {
    let key = keyOf(next.file, next.column, next.pattern);
    let group = this.groups.get(key);
    if (!group && this.groups.size >= MAX_GROUPS) {
      key = keyOf(next.file, null, OTHER_CAUSES);
      group = this.groups.get(key);
      next = { ...next, column: null, pattern: OTHER_CAUSES, same: false };
    }
    if (!group) {
      group = { ...next, count: 0, examples: [] };
      this.groups.set(key, group);
    } else {
      group.same = group.same && next.same && next.message === group.message;
    }
    group.count += next.count;
    for (const e of examples) addExample(group.examples, e.line, e.message);
  }
}

const rankIn = (fileOrder: readonly string[]) => (file: string) => {
  const i = fileOrder.indexOf(file);
  return i === -1 ? fileOrder.length : i;
};
