import type { Transaction } from 'kysely';
import type { DailyFactsDelta } from '../core/daily-facts.ts';
import type { BulkWriter, FactTable } from '../db/bulk-writer.ts';
import type { Database } from '../db/schema.ts';
import type { ParseJob } from './file-parser.ts';
import type { KnownLists, Reference } from './file-specs.ts';
import type { IssueCollector } from './import-errors.ts';
import type { FileParsing } from './parse-thread.ts';

/** How far the import of one file is, reported as its batches are written. */
export interface ImportProgress {
  file: string;
  bytes: number;
  totalBytes: number;
  rows: number;
}

/** State shared by the files of one import. */
export interface ImportRun {
  trx: Transaction<Database>;
  writer: BulkWriter;
  issues: IssueCollector;
  parsing: FileParsing;
  /** What reading any file of this import needs, but the file's name and the known reps. */
  parseJob: Omit<ParseJob, 'file' | 'known'>;
  known: KnownLists;
  importId: number;
  orgId: number;
  rollup: DailyFactsDelta;
  failedIds: Record<'reps' | Reference['entity'], Set<string>>;
  onProgress: ((progress: ImportProgress) => void) | undefined;
  /**
   * ms per file spent checking references, writing, following (rollup and links) and building
   * indexes; the rest of a file's time is reading and checking rows.
   */
  timings: Record<string, number>;
  /** Files of at least this many bytes into an empty table load before its indexes are built. */
  firstLoadFromBytes: number;
  /** Tables this import loaded while empty (their indexes built after the load). */
  firstLoaded: Set<FactTable>;
  /** Reps this import created from the owners of mapped files (docs/import.md). */
  ownerReps: number;
  /** Keys read from the files of snapshot tables (snapshot-removals.ts); undefined without snapshots. */
  snapshotKeys?: Map<FactTable, Set<string>>;
}

export function addTiming(run: ImportRun, step: string, ms: number): void {
  run.timings[step] = (run.timings[step] ?? 0) + ms;
}
