import type { ImportIssue } from '../core/contracts/imports.ts';

export type { ImportIssue };

export const MAX_LISTED_ERRORS = 100;

export function formatIssue(issue: ImportIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  return issue.column ? `${where}: ${issue.column}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Issues handed from one collector to another (from a parsing thread to the import). */
export interface IssueHandover {
  errors: ImportIssue[];
  /** Errors counted but not listed. */
  unlisted: number;
  warnings: ImportIssue[];
}

/** Keeps the first errors in full and counts the rest, so a file of a million bad rows stays cheap. */
export class IssueCollector {
  errors: ImportIssue[] = [];
  warnings: ImportIssue[] = [];
  errorCount = 0;
  // Listed over the collector's life, across handovers: nobody lists more than the first 100.
  private listedErrors = 0;
  private listedWarnings = 0;
  private handedOver = 0;

  error(file: string, line: number, column: string | null, message: string): void {
    this.errorCount++;
    if (this.listedErrors < MAX_LISTED_ERRORS) {
      this.listedErrors++;
      this.errors.push({ file, line, column, message });
    }
  }

  warn(file: string, line: number, column: string | null, message: string): void {
    if (this.listedWarnings < MAX_LISTED_ERRORS) {
      this.listedWarnings++;
      this.warnings.push({ file, line, column, message });
    }
  }

  /** The issues collected since the last handover, which this collector then forgets. */
  handOver(): IssueHandover {
    const handover = {
      errors: this.errors,
      unlisted: this.errorCount - this.handedOver - this.errors.length,
      warnings: this.warnings,
    };
    this.handedOver = this.errorCount;
    this.errors = [];
    this.warnings = [];
    return handover;
  }

  /** Takes over another collector's issues. */
  receive(handover: IssueHandover): void {
    for (const e of handover.errors) this.error(e.file, e.line, e.column, e.message);
    this.errorCount += handover.unlisted;
    for (const w of handover.warnings) this.warn(w.file, w.line, w.column, w.message);
  }

  /** Errors in file order (as given), then by line; reports read top to bottom like the files. */
  sortedErrors(fileOrder: readonly string[]): ImportIssue[] {
    const rank = (file: string) => {
      const i = fileOrder.indexOf(file);
      return i === -1 ? fileOrder.length : i;
    };
    return [...this.errors].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line);
  }

  get failed(): boolean {
    return this.errorCount > 0;
  }
}
