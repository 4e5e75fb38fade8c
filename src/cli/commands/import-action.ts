import { SingleBar } from 'cli-progress';
import type { MappableTable } from '../../core/contracts/mapping.ts';
import { terminalText } from '../../core/terminal-text.ts';
import { formatIssue, type ImportErrorGroup, MAX_LISTED_ERRORS } from '../../importer/import-errors.ts';
import type { ImportResult } from '../../importer/run-import.ts';
import { importFiles } from '../../services/imports/import-files.ts';
import { withStore } from '../cli-store.ts';
import { stderr, stdout, type TerminalWriter } from '../output.ts';
import { importOrgSlug } from '../require-org.ts';
import { importSources, inputsOf, type SourceOptions } from './import-sources.ts';

/** Files this large get a progress bar on a terminal. */
const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

/** Lines of each group of errors shown on the terminal; the whole list is one flag away. */
const GROUP_LINES_SHOWN = 5;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * Errors by cause: a refused file of 258 rows priced in the wrong currency is one cause with its
 * count and first lines, not 258 lines. A cause whose rows each say something different (another
 * missing rep per row) shows its first rows' own messages.
 */
export function formatErrorGroups(groups: readonly ImportErrorGroup[]): string[] {
  const out: string[] = [];
  for (const group of groups) {
    const first = group.examples[0];
    if (group.count === 1 && first) {
      out.push(
        `error: ${formatIssue({ file: group.file, line: first.line, column: group.column, message: first.message })}`,
      );
      continue;
    }
    const where = group.column ? `${group.file}: ${group.column}` : group.file;
    out.push(`error: ${where}: ${group.reason} (${plural(group.count, 'row')})`);
    const shown = group.examples.slice(0, GROUP_LINES_SHOWN);
    const more = group.count - shown.length;
    const tail = more > 0 ? ` … and ${more.toLocaleString('en')} more` : '';
    if (shown.every((e) => e.message === group.reason)) {
      out.push(`  ${shown.length === 1 ? 'line' : 'lines'} ${shown.map((e) => e.line).join(', ')}${tail}`);
    } else {
      for (const e of shown) out.push(`  ${e.line > 0 ? `line ${e.line}: ` : ''}${e.message}`);
      if (tail) out.push(` ${tail}`);
    }
  }
  return out;
}

export function printImportResult(
  result: ImportResult,
  out: TerminalWriter = stdout,
  options: { listErrors?: boolean } = {},
): void {
  for (const warning of result.warnings) out.write(`warning: ${formatIssue(warning)}\n`);
  if (!result.ok) {
    const err = stderr;
    if (options.listErrors || result.errorGroups.length === 0) {
      for (const issue of result.errors) err.write(`error: ${formatIssue(issue)}\n`);
      if (result.errorCount > MAX_LISTED_ERRORS) {
        err.write(
          `… and ${result.errorCount - MAX_LISTED_ERRORS} more errors (${result.errorCount} in all)\n`,
        );
      }
    } else {
      for (const line of formatErrorGroups(result.errorGroups)) err.write(`${line}\n`);
    }
    const causes = result.errorGroups.length > 1 ? ` of ${plural(result.errorGroups.length, 'kind')}` : '';
    err.write(`import failed with ${plural(result.errorCount, 'error')}${causes}; nothing was written\n`);
    return;
  }
  for (const f of result.files) {
    const removed = f.removed ? `, ${f.removed} removed` : '';
    out.write(
      `${terminalText(f.file).padEnd(14)} ${String(f.rows).padStart(10)} rows: ${f.inserted} new, ${f.updated} updated, ${f.unchanged} unchanged${removed}\n`,
    );
  }
  const rows = result.files.reduce((total, f) => total + f.rows, 0);
  const seconds = result.durationMs / 1000;
  if (process.env.UDN_VERBOSE) {
    out.write(
      `phases: ${Object.entries(result.phases)
        .map(([name, ms]) => `${name} ${Math.round(ms)} ms`)
        .join(', ')}\n`,
    );
  }
  if (result.dryRun) {
    out.write(
      `dry run: read ${rows} rows in ${seconds.toFixed(2)} s; the counts above are what an import would do, nothing was written\n`,
    );
    return;
  }
  if (!result.changed) {
    out.write(
      `No changes: every row is already stored as given (data version ${result.dataVersion} unchanged).\n`,
    );
  }
  out.write(
    `${result.changed ? 'imported' : 'read'} ${rows} rows in ${seconds.toFixed(2)} s (${Math.round(rows / Math.max(seconds, 1e-9))} rows/s), import #${result.importId}\n`,
  );
}

export interface ImportCommandOptions extends SourceOptions {
  db?: string;
  org?: string;
  listErrors?: boolean;
  snapshot?: MappableTable[];
  dryRun?: boolean;
  allowMassDelete?: boolean;
}

/**
 * `udn import DIR|FILE…`: the files (a directory's, or as given) all or nothing, each recognised
 * by its header (UDN's own file, an export a preset knows, or one `--mapping` maps), with a
 * progress bar on a terminal.
 */
export async function importCommand(paths: string[], options: ImportCommandOptions): Promise<void> {
  const totalBytesOf = (files: readonly { size: number }[]) => files.reduce((total, f) => total + f.size, 0);
  let bar: SingleBar | null = null;
  let doneBytes = 0;
  let lastFile = '';
  let lastBytes = 0;
  const inputs = inputsOf(paths, options);
  const result = await withStore(options.db, async (store) => {
    const orgSlug = await importOrgSlug(store, options.org);
    const files = await importSources(store, inputs, options, orgSlug);
    const totalBytes = totalBytesOf(files);
    bar =
      process.stderr.isTTY && totalBytes >= PROGRESS_MIN_BYTES
        ? new SingleBar({
            format: ' {file} [{bar}] {percentage}% | {rows} rows | {eta_formatted} left',
            hideCursor: true,
            clearOnComplete: true,
          })
        : null;
    bar?.start(totalBytes, 0, { file: '', rows: 0 });
    return importFiles(store, files, {
      source: 'cli',
      ...(orgSlug !== undefined ? { orgSlug } : {}),
      ...(options.snapshot && options.snapshot.length > 0 ? { snapshot: options.snapshot } : {}),
      ...(options.allowMassDelete ? { allowMassDelete: true } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
      onProgress: (p) => {
        if (p.file !== lastFile) {
          doneBytes += lastBytes;
          lastFile = p.file;
        }
        lastBytes = p.bytes;
        bar?.update(doneBytes + p.bytes, { file: terminalText(p.file).padEnd(12), rows: p.rows });
      },
    });
  });
  (bar as SingleBar | null)?.stop();
  printImportResult(result, stdout, { listErrors: options.listErrors === true });
  if (!result.ok) process.exitCode = 1;
}
