/** The importer's answer, as the CLI prints it and POST /api/v1/imports returns it. */

/** One broken rule: where (file, physical line where the record starts, column) and why. */
export interface ImportIssue {
  file: string;
  /** 1-based; the header is line 1. 0 when the issue concerns the whole file. */
  line: number;
  /** Column name as in the header (or the org.json key); null when the issue is about the whole row or file. */
  column: string | null;
  message: string;
}

export interface FileSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  ok: boolean;
  importId: number;
  /** null when a first import was refused: no organisation exists yet. */
  orgId: number | null;
  files: FileSummary[];
  /** The first 100, in file order then line order. */
  errors: ImportIssue[];
  errorCount: number;
  warnings: ImportIssue[];
  dataVersion: number;
  durationMs: number;
  /** Where the time went (ms per phase), for the benchmark and UDN_VERBOSE. */
  phases: Record<string, number>;
}

/** GET /api/v1/imports: one past import, newest first. */
export interface ImportHistoryEntry {
  id: number;
  source: string;
  status: 'running' | 'succeeded' | 'failed';
  /** Epoch ms. */
  startedAt: number;
  finishedAt: number | null;
  errorCount: number;
  files: FileSummary[];
  warnings: ImportIssue[];
  errors: ImportIssue[];
}
