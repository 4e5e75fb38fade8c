import { memberPrincipal, type Principal } from '../../core/access/principal.ts';
import { visibleReport } from '../../core/access/visibility.ts';
import type { KpiReport } from '../../core/contracts/api.ts';
import { type ResolvedPeriod, resolvePeriod } from '../../core/periods.ts';
import type { Store } from '../../db/database.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { findMember } from '../../db/members-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { kpiReport } from '../../services/kpis/kpi-report.ts';
import { visibilityOf } from '../../services/kpis/rep-visibility.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore } from '../cli-store.ts';
import { renderKpiTables } from '../kpi-table.ts';
import { stdout, writeFileBytes, writeJson } from '../output.ts';
import { requireOrg } from '../require-org.ts';

/**
 * The member of `org` with this email, as the API would see them signed in: `--as` prints what
 * that person sees. An unknown email and a person of another organisation get the same answer,
 * which names only what was typed.
 */
export async function principalOfEmail(store: Store, org: OrgRecord, email: string): Promise<Principal> {
  // Loaded only for --as: the people's repository brings better-auth's hashing with it.
  const { findUserByEmail } = await import('../../db/users-repo.ts');
  const user = await findUserByEmail(store.db, email);
  const member = user ? await findMember(store.db, org.id, user.id) : undefined;
  if (!user || !member) {
    throw new CliError(`--as: no member of the organisation "${org.name}" has the email "${email.trim()}"`);
  }
  return memberPrincipal('cli', user, member);
}

export interface KpiOptions {
  db?: string;
  org?: string;
  period?: string;
  from?: string;
  to?: string;
  asof?: string;
  as?: string;
  json?: boolean;
  lang: 'en' | 'id';
  /** The report as a file: CSV (to stdout without --out) or XLSX (needs --out). */
  format?: 'csv' | 'xlsx';
  out?: string;
}

/** `udn kpi`: the report of the period, as tables or JSON. */
export async function printKpis(options: KpiOptions): Promise<void> {
  // Checked before the store is opened: an XLSX has nowhere to go without a file.
  if (options.format === 'xlsx' && options.out === undefined) {
    throw new CliError('--out: an XLSX export needs a file to write (--out report.xlsx)');
  }
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const period = resolvePeriod(options, org.fiscal_year_start_month);
    if (!period.ok) throw new CliError(`--${period.field}: ${period.reason}`);
    // Checked before the report is computed: a wrong email fails fast.
    const viewer = options.as === undefined ? null : await principalOfEmail(store, org, options.as);
    const whole = await kpiReport(store, org, period);
    const report = viewer ? visibleReport(whole, await visibilityOf(store, org, viewer)) : whole;
    if (options.format) await writeReportFile(store, org, period, report, viewer, options);
    else if (options.json) writeJson(report);
    else {
      const reps = await loadReps(store.db, org.id);
      stdout.write(renderKpiTables(report, org.name, options.lang, reps));
    }
  });
}

/** `udn kpi --format`: the report as one table (the organisation, teams, reps), to a file or stdout. */
async function writeReportFile(
  store: Store,
  org: OrgRecord,
  period: ResolvedPeriod,
  report: KpiReport,
  viewer: Principal | null,
  options: KpiOptions,
): Promise<void> {
  const { reportExportTable } = await import('../../services/exports/kpi-exports.ts');
  const { cliExportContext } = await import('../../services/exports/export-context.ts');
  const { writeTable } = await import('../../services/exports/table-file.ts');
  const base = cliExportContext(store, org, options.lang);
  const context = viewer
    ? { ...base, principal: viewer, visibility: await visibilityOf(store, org, viewer) }
    : base;
  const table = reportExportTable(context, report, period, await loadReps(store.db, org.id));
  const file = await writeTable(table, options.format ?? 'csv');
  if (options.out !== undefined) {
    const { writeExportFile } = await import('./export-file.ts');
    await writeExportFile(file, options.out, table.rows.length);
  } else if (process.stdout.isTTY) {
    // On a terminal the rows are shown like any output (control characters escaped, no BOM).
    stdout.write(file.body.toString('utf8').replace(/^\uFEFF/, ''));
  } else {
    // Piped or redirected: the file's exact bytes, BOM included, as --out would write them.
    writeFileBytes(file.body);
  }
}
