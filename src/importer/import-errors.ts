import type { ImportIssue } from '../core/contracts/imports.ts';

export type { ImportIssue };

export const MAX_LISTED_ERRORS = 100;

export function formatIssue(issue: ImportIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  return issue.column ? `${where}: ${issue.column}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Keeps the first errors in full and counts the rest, so a file of a million bad rows stays cheap. */
export class IssueCollector {
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  errorCount = 0;

  error(file: string, line: number, column: string | null, message: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push({ file, line, column, message });
  }

  warn(file: string, line: number, column: string | null, message: string): void {
    if (this.warnings.length < MAX_LISTED_ERRORS) this.warnings.push({ file, line, column, message });
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
