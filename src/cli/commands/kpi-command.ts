import { type Command, Option } from 'commander';
import { resolvePeriod } from '../../core/periods.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { kpiReport } from '../../services/kpis/kpi-report.ts';
import { CliError } from '../cli-error.ts';
import { dbOption, withExistingStore } from '../cli-store.ts';
import { renderKpiTables } from '../kpi-table.ts';
import { stdout, writeJson } from '../output.ts';
import { requireOrg } from '../require-org.ts';

export function registerKpiCommand(program: Command): void {
  program
    .command('kpi')
    .description('print the ten sales KPIs for the organisation, each team and each rep')
    .addOption(dbOption())
    .option('--period <name>', 'named period: 2026, 2026-Q1, 2026-03, 2026-W05, FY2026, FY2026-Q1')
    .option('--from <date>', 'first day (YYYY-MM-DD), with --to')
    .option('--to <date>', 'last day (YYYY-MM-DD), inclusive')
    .option(
      '--asof <date>',
      'cut the named period at this day (YYYY-MM-DD): to date, compared with the previous period cut at the same day',
    )
    .option('--json', 'print the KPI report as JSON (KPI-SPEC §5)')
    .addOption(new Option('--lang <lang>', 'language of the table').choices(['en', 'id']).default('en'))
    .action(
      async (options: {
        db?: string;
        period?: string;
        from?: string;
        to?: string;
        asof?: string;
        json?: boolean;
        lang: 'en' | 'id';
      }) => {
        await withExistingStore(options.db, async (store) => {
          const org = await requireOrg(store);
          const period = resolvePeriod(options, org.fiscal_year_start_month);
          if (!period.ok) throw new CliError(`--${period.field}: ${period.reason}`);
          const report = await kpiReport(store, org, period);
          if (options.json) writeJson(report);
          else {
            const reps = await loadReps(store.db, org.id);
            stdout.write(renderKpiTables(report, org.name, options.lang, reps));
          }
        });
      },
    );
}
