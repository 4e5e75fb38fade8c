import { type Command, Option } from 'commander';
import { memberPrincipal, type Principal } from '../../core/access/principal.ts';
import { visibleReport } from '../../core/access/visibility.ts';
import { resolvePeriod } from '../../core/periods.ts';
import type { Store } from '../../db/database.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { findMember } from '../../db/members-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { findUserByEmail } from '../../db/users-repo.ts';
import { kpiReport } from '../../services/kpis/kpi-report.ts';
import { visibilityOf } from '../../services/kpis/rep-visibility.ts';
import { CliError } from '../cli-error.ts';
import { dbOption, withExistingStore } from '../cli-store.ts';
import { renderKpiTables } from '../kpi-table.ts';
import { stdout, writeJson } from '../output.ts';
import { orgOption, requireOrg } from '../require-org.ts';

/**
 * The member of `org` with this email, as the API would see them signed in: `--as` prints what
 * that person sees. An unknown email and a person of another organisation get the same answer,
 * which names only what was typed.
 */
async function principalOfEmail(store: Store, org: OrgRecord, email: string): Promise<Principal> {
  const user = await findUserByEmail(store.db, email);
  const member = user ? await findMember(store.db, org.id, user.id) : undefined;
  if (!user || !member) {
    throw new CliError(`--as: no member of the organisation "${org.name}" has the email "${email.trim()}"`);
  }
  return memberPrincipal('cli', user, member);
}

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
    .addOption(new Option('--lang <lang>', 'language of the table').choices(['en', 'id']).default('en'))
    .action(
      async (options: {
        db?: string;
        org?: string;
        period?: string;
        from?: string;
        to?: string;
        asof?: string;
        as?: string;
        json?: boolean;
        lang: 'en' | 'id';
      }) => {
        await withExistingStore(options.db, async (store) => {
          const org = await requireOrg(store, options.org);
          const period = resolvePeriod(options, org.fiscal_year_start_month);
          if (!period.ok) throw new CliError(`--${period.field}: ${period.reason}`);
          // Checked before the report is computed: a wrong email fails fast.
          const viewer = options.as === undefined ? null : await principalOfEmail(store, org, options.as);
          const whole = await kpiReport(store, org, period);
          const report = viewer ? visibleReport(whole, await visibilityOf(store, org, viewer)) : whole;
          if (options.json) writeJson(report);
          else {
            const reps = await loadReps(store.db, org.id);
            stdout.write(renderKpiTables(report, org.name, options.lang, reps));
          }
        });
      },
    );
}
