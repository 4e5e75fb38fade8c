import { type Command, Option } from 'commander';
import { IMPORT_ENCODINGS } from '../../importer/import-encodings.ts';
import { dbOption, orgOption } from '../cli-options.ts';
import type { ImportCommandOptions } from './import-action.ts';

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import the CSV files (and org.json) of a directory, all or nothing')
    .argument(
      '<dir>',
      'directory with reps.csv, accounts.csv, leads.csv, deals.csv, emails.csv, spend.csv, targets.csv, org.json',
    )
    .addOption(dbOption())
    .addOption(orgOption())
    .option('--list-errors', 'list each error on its own line (the first 100) instead of by cause')
    .addOption(
      new Option(
        '--encoding <encoding>',
        'the files are not UTF-8: latin1 (read as Windows-1252) or utf-16 (a byte-order mark needs no flag)',
      ).choices(IMPORT_ENCODINGS),
    )
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (dir: string, options: ImportCommandOptions) =>
      (await import('./import-action.ts')).importCommand(dir, options),
    );
}
