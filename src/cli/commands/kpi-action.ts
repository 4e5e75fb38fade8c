import { memberPrincipal, type Principal } from '../../core/access/principal.ts';
import { visibleReport } from '../../core/access/visibility.ts';
import { resolvePeriod } from '../../core/periods.ts';
import type { Store } from '../../db/database.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { findMember } from '../../db/members-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { kpiReport } from '../../services/kpis/kpi-report.ts';
import { visibilityOf } from '../../services/kpis/rep-visibility.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore } from '../cli-store.ts';
import { renderKpiTables } from '../kpi-table.ts';
import { stdout, writeJson } from '../output.ts';
import { requireOrg } from '../require-org.ts';

/**
 * The member of `org` with this email, as the API would see them signed in: `--as` prints what
 * that person sees. An unknown email and a person of another organisation get the same answer,
 * which names only what was typed.
 */
async function principalOfEmail(store: Store, org: OrgRecord, email: string): Promise<Principal> {
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
}

/** `udn kpi`: the report of the period, as tables or JSON. */
export async function printKpis(options: KpiOptions): Promise<void> {
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
}
