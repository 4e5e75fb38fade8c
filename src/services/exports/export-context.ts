import type { Principal } from '../../core/access/principal.ts';
import { ALL_REPS, type RepVisibility } from '../../core/access/visibility.ts';
import { exportLabel } from '../../core/exports/export-labels.ts';
import { localWallTime } from '../../core/exports/local-time.ts';
import type { Locale } from '../../core/kpis/definitions.ts';
import { type ResolvedPeriod, toPeriodText } from '../../core/periods.ts';
import { formatScope, type Scope } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import type { OrgRecord } from '../../db/org-repo.ts';

/** Who exports what: the same principal and visibility the API answers with. */
export interface ExportContext {
  store: Store;
  org: OrgRecord;
  /** Absent for the command line, which acts as the administrator (as `udn kpi` does). */
  principal?: Principal;
  /** The reps whose individual rows the exporter may see. */
  visibility: RepVisibility;
  lang: Locale;
  /** Epoch ms the export is made at (its "generated at"); default now. */
  now?: number;
}

export const cliExportContext = (store: Store, org: OrgRecord, lang: Locale = 'en'): ExportContext => ({
  store,
  org,
  visibility: ALL_REPS,
  lang,
});

/** The notes every export starts with: the organisation, when it was made and by whom, its zone. */
export function baseNotes(context: ExportContext): string[] {
  const { org, lang } = context;
  const now = context.now ?? Date.now();
  const notes = [
    `${exportLabel('organisation', lang)}: ${org.name}`,
    `${exportLabel('generatedAt', lang)}: ${localWallTime(now, org.timezone)} (${org.timezone})`,
  ];
  if (context.principal && context.principal.share === null) {
    const who = context.principal.email ?? context.principal.userId;
    if (who) notes.push(`${exportLabel('generatedBy', lang)}: ${who}`);
  }
  notes.push(`${exportLabel('currency', lang)}: ${org.currency}`);
  if (context.visibility.kind !== 'all') notes.push(exportLabel('seenAs', lang));
  return notes;
}

/** The notes of a period and scope: the days, what they are compared with, the scope. */
export function periodNotes(context: ExportContext, period: ResolvedPeriod, scope: Scope): string[] {
  const { lang } = context;
  const range = toPeriodText(period.range);
  const previous = toPeriodText(period.previous);
  return [
    `${exportLabel('period', lang)}: ${range.from} – ${range.to}${period.toDate ? ` (${exportLabel('toDate', lang)})` : ''}`,
    `${exportLabel('previousPeriod', lang)}: ${previous.from} – ${previous.to}`,
    `${exportLabel('scope', lang)}: ${formatScope(scope)}`,
  ];
}
