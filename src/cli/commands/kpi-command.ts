import { type Command, Option } from 'commander';
import { dbOption, orgOption } from '../cli-options.ts';
import type { KpiOptions } from './kpi-action.ts';

export function registerKpiCommand(program: Command): void {
  program
    .command('kpi')
    .description('print the ten sales KPIs for the organisation, each team and each rep')
    .addOption(dbOption())
    .addOption(orgOption())
    .option('--period <name>', 'named period: 2026, 2026-Q1, 2026-03, 2026-W05, FY2026, FY2026-Q1')
    .option('--from <date>', 'first day (YYYY-MM-DD), with --to')
    .option('--to <date>', 'last day (YYYY-MM-DD), inclusive')
    .option(
      '--asof <date>',
      'cut the named period at this day (YYYY-MM-DD): to date, compared with the previous period cut at the same day',
    )
    .option(
      '--as <email>',
      "print what this member would see: the organisation and teams, and only the reps' rows their role shows",
    )
    .option('--json', 'print the KPI report as JSON (KPI-SPEC §5)')
    .addOption(
      new Option('--format <format>', 'write the report as a file: one row per scope, every metric a column')
        .choices(['csv', 'xlsx'])
        .conflicts('json'),
    )
    .option('--out <file>', 'with --format: the file to write (CSV goes to stdout without it; XLSX needs it)')
    .addOption(new Option('--lang <lang>', 'language of the table').choices(['en', 'id']).default('en'))
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: KpiOptions) => (await import('./kpi-action.ts')).printKpis(options));
}
