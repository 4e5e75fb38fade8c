import { type Command, Option } from 'commander';
import { dbOption, orgOption } from '../cli-options.ts';
import type { ExportDrilldownOptions, ExportKpiOptions } from './export-action.ts';
import type { ExportDashboardOptions } from './export-dashboard-options.ts';

export type { ExportDashboardOptions };

const PERIOD_HELP = 'named period: 2026, 2026-Q1, 2026-03, 2026-W05, FY2026, FY2026-Q1';

/** The options every table export takes: the period, the scope, the file and whose view it is. */
function tableOptions(command: Command): Command {
  return command
    .addOption(dbOption())
    .addOption(orgOption())
    .option('--period <name>', PERIOD_HELP)
    .option('--from <date>', 'first day (YYYY-MM-DD), with --to')
    .option('--to <date>', 'last day (YYYY-MM-DD), inclusive')
    .option('--asof <date>', 'cut the named period at this day (YYYY-MM-DD)')
    .option('--scope <scope>', 'org, team:<team name> or rep:<rep id>', 'org')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write')
    .option('--as <email>', "export what this member would see: only the reps' rows their role shows")
    .addOption(new Option('--lang <lang>', 'language of the headers').choices(['en', 'id']).default('en'));
}

export function registerExportCommand(program: Command): void {
  const exporter = program
    .command('export')
    .description('write the KPI report or a drill-down as CSV/XLSX, or a dashboard as PDF/PNG');

  tableOptions(
    exporter
      .command('kpi')
      .description(
        'the KPI report of a period for a scope: one row per metric, with the previous period and change',
      ),
  )
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: ExportKpiOptions) =>
      (await import('./export-action.ts')).exportKpiAction(options),
    );

  tableOptions(
    exporter
      .command('drilldown')
      .description('every record behind a metric (deals, leads, emails, customers …) in the period and scope')
      .requiredOption(
        '--metric <key>',
        'the metric, e.g. revenue, deals_won, new_leads (see `udn kpi --json`)',
      )
      .option('--sort <column>', 'a column key, with a leading - to sort descending (e.g. -amount)'),
  ).action(async (options: ExportDrilldownOptions) =>
    (await import('./export-action.ts')).exportDrilldownAction(options),
  );

  exporter
    .command('dashboard')
    .description('a dashboard as a PDF (A4/Letter landscape), or one widget of it as a PNG')
    .argument('<dashboard>', 'the dashboard id or name')
    .addOption(new Option('--format <format>', 'file format').choices(['pdf', 'png']).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write')
    .option('--period <name>', PERIOD_HELP)
    .option('--scope <scope>', 'org, team:<team name> or rep:<rep id>')
    .addOption(new Option('--paper <size>', 'paper size of the PDF').choices(['a4', 'letter']))
    .option('--widget <id>', 'the widget to render as PNG')
    .addOption(dbOption())
    .addOption(orgOption())
    .action(async (dashboard: string, options: ExportDashboardOptions) =>
      (await import('./export-dashboard-action.ts')).exportDashboardAction(dashboard, options),
    );
}
