import { type Command, InvalidArgumentError, Option } from 'commander';
import type { MappableTable, PresetVendor } from '../../core/contracts/mapping.ts';
import { IMPORT_ENCODINGS } from '../../importer/import-encodings.ts';
import { dbOption, orgOption } from '../cli-options.ts';
import type { ImportCommandOptions } from './import-action.ts';

// Spelled out here: the contract module loads zod, and a definition loads only commander.
const MAPPABLE_TABLES = [
  'reps',
  'accounts',
  'leads',
  'deals',
  'emails',
  'spend',
  'targets',
] as const satisfies readonly MappableTable[];
const PRESET_VENDORS = [
  'hubspot',
  'pipedrive',
  'salesforce',
  'zoho',
  'spreadsheet',
] as const satisfies readonly PresetVendor[];

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'import files all or nothing: UDN files (reps.csv … targets.csv, org.json) and CRM exports or workbooks, each recognised by its header',
    )
    .argument('<paths...>', 'directories and files (UDN CSV files, org.json, CSV or XLSX exports)')
    .addOption(dbOption())
    .addOption(orgOption())
    .option('--list-errors', 'list each error on its own line (the first 100) instead of by cause')
    .addOption(
      new Option(
        '--encoding <encoding>',
        'the files are not UTF-8: latin1 (read as Windows-1252) or utf-16 (a byte-order mark needs no flag)',
      ).choices(IMPORT_ENCODINGS),
    )
    .option(
      '--mapping <name|file>',
      'map the files that are not UDN files: a JSON mapping file or a saved mapping',
    )
    .addOption(
      new Option('--preset <vendor>', "recognise only this vendor's exports").choices(PRESET_VENDORS),
    )
    .option(
      '--snapshot <tables>',
      `these tables' files are full snapshots: stored rows absent from them are removed (${MAPPABLE_TABLES.join(',')})`,
      tableList,
    )
    .option('--dry-run', 'read and check everything, print what would change, write nothing')
    .option('--allow-mass-delete', 'let a snapshot remove more than half of a table')
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (paths: string[], options: ImportCommandOptions) =>
      (await import('./import-action.ts')).importCommand(paths, options),
    );
}

function tableList(value: string): MappableTable[] {
  const tables = value.split(',').map((t) => t.trim());
  for (const table of tables) {
    if (!(MAPPABLE_TABLES as readonly string[]).includes(table))
      throw new InvalidArgumentError(`${table} is not a table (${MAPPABLE_TABLES.join(', ')})`);
  }
  return tables as MappableTable[];
}
