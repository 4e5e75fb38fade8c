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

/**
 * Errors of one cause: same file, same column, same reason once the values that differ from row to
 * row (the cell quoted in the reason, ids, numbers, dates) are set aside. 258 rows whose currency is
 * "USD" in an IDR organisation are one group of 258.
 */
export interface ImportErrorGroup {
  file: string;
  column: string | null;
  /**
   * The reason shared by the group: the message itself when every error of the group says the same,
   * else the message with its row-specific values written as "…".
   */
  reason: string;
  /** Errors of this cause in the whole import: exact, not limited like the listed errors. */
  count: number;
  /** The group's first errors by line (at most 20), each with its own message. */
  examples: { line: number; message: string }[];
}

export interface FileSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /**
   * Stored rows of the file's table this import removed (absent from a snapshot file, or named by
   * a push's `delete`); present only for tables the import removes from.
   */
  removed?: number;
}

/** A snapshot refused because it would remove more than half of its table's stored rows. */
export interface MassDeleteRefusal {
  table: string;
  stored: number;
  removing: number;
}

export interface ImportResult {
  ok: boolean;
  importId: number;
  /** null when a first import was refused: no organisation exists yet. */
  orgId: number | null;
  /**
   * Per file: rows read, and what was written. A refused import wrote nothing, so its inserted,
   * updated and unchanged counts are 0.
   */
  files: FileSummary[];
  /** The first 100, in file order then line order. */
  errors: ImportIssue[];
  errorCount: number;
  /** Every error of the import by cause, in file order, the largest group of a file first. */
  errorGroups: ImportErrorGroup[];
  warnings: ImportIssue[];
  /**
   * Whether the import changed any stored data. An import that changed nothing leaves the data
   * version, the answer cache and live pages alone.
   */
  changed: boolean;
  dataVersion: number;
  durationMs: number;
  /** Where the time went (ms per phase), for the benchmark and UDN_VERBOSE. */
  phases: Record<string, number>;
  /**
   * A dry run: everything was read, checked and written, then rolled back; the counts say what
   * would change, `changed` is false, and the import history keeps no entry of it.
   */
  dryRun?: true;
  /** Rows removed per table (snapshots, a push's `delete`); present when the import removes. */
  removed?: Record<string, number>;
  /**
   * Snapshots refused as mass deletes (more than half of a table): confirm with allowMassDelete.
   * The import's errors say the same (nothing was written).
   */
  massDelete?: MassDeleteRefusal[];
}

/**
 * Where an import is: `running`; `succeeded` (see `changed`); `failed` (refused, errors listed);
 * `cancelled` by someone (nothing written); `interrupted` when the process running it stopped
 * before it finished (a crash, kill -9; nothing written: its transaction went with it).
 */
export type ImportStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export const IMPORT_STATUSES: readonly ImportStatus[] = [
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
];

/** How far a running import is: the file being imported, its bytes read and rows so far. */
export interface ImportJobProgress {
  file: string;
  bytes: number;
  totalBytes: number;
  rows: number;
}

/**
 * POST /api/v1/imports (202) and GET /api/v1/imports/{id}: an import job. `progress` while it runs
 * in this server; `result` once it finished in this server (null for imports of other processes or
 * of an earlier run of the server: their outcome is in the history).
 */
export interface ImportJob {
  id: number;
  source: string;
  status: ImportStatus;
  /** Epoch ms. */
  startedAt: number;
  finishedAt: number | null;
  progress: ImportJobProgress | null;
  result: ImportResult | null;
}

/** The `encoding` an upload may declare (src/importer/import-source.ts IMPORT_ENCODINGS). */
export type ImportEncodingChoice = 'utf-8' | 'latin1' | 'utf-16';

/** GET /api/v1/imports: one past import, newest first. */
export interface ImportHistoryEntry {
  id: number;
  source: string;
  status: ImportStatus;
  /** Epoch ms. */
  startedAt: number;
  finishedAt: number | null;
  errorCount: number;
  /** Every file the import was given, org.json included, in import order. */
  fileNames: string[];
  /** As in ImportResult: a refused (or still running) import reports nothing inserted, updated or unchanged. */
  files: FileSummary[];
  warnings: ImportIssue[];
  /** The first 100 errors. */
  errors: ImportIssue[];
  /** Every error by cause (empty for imports recorded before errors were grouped). */
  errorGroups: ImportErrorGroup[];
  /** As in ImportResult: false for a succeeded import that found nothing to change. */
  changed: boolean;
}

/** What an organisation holds, counted for the confirmation before its data is removed. */
export interface OrgDataCounts {
  reps: number;
  accounts: number;
  leads: number;
  deals: number;
  emails: number;
  spend: number;
  targets: number;
  /** Goals set by people (the quota goals mirror targets and go with them). */
  goals: number;
  tasks: number;
  /** Dashboards made or edited by people (the default one comes back as it was, so it counts once edited). */
  dashboards: number;
  /** Entries of the import history. */
  imports: number;
}

/** GET /api/v1/org/data: what "remove the data" would delete, and whether it is only the demo. */
export interface OrgDataSummary {
  counts: OrgDataCounts;
  /** Every successful import was the demo's: removing the data removes the demo and nothing of one's own. */
  demoOnly: boolean;
  /** An import is running (then the data cannot be removed until it ends). */
  importRunning: boolean;
  dataVersion: number;
}

/** POST /api/v1/org/reset: what was deleted. */
export interface OrgResetResult {
  deleted: OrgDataCounts;
  dataVersion: number;
}

/** GET /api/v1/imports/formats: one import file, from the importer's own file specs. */
export interface ImportFileFormat {
  file: string;
  columns: { name: string; required: boolean }[];
  /** Where its template (header and one example row) downloads from. */
  template: string;
}
