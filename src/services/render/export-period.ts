import { formatEpochDay, partsFromEpochDay } from '../../core/calendar-date.ts';
import { invalid } from '../../core/errors.ts';
import { fileNamePart } from '../../core/exports/file-name.ts';
import { type PeriodInput, type ResolvedPeriod, resolvePeriod } from '../../core/periods.ts';
import { localEpochDay } from '../../core/time-zone.ts';
import type { OrgRecord } from '../../db/org-repo.ts';

/** Longest period an export computes (as the API's): beyond it a report would run for centuries. */
const MAX_PERIOD_DAYS = 366 * 20;

/**
 * The period of a dashboard export: the one asked for (a name, a name cut at `asof`, or from/to),
 * or — when none is given — this month to date in the organisation's zone, what the dashboard opens
 * on. A 400 names the parameter that is wrong. Returns the period and the text a file name uses.
 */
export function exportPeriod(
  input: PeriodInput,
  org: OrgRecord,
  now = Date.now(),
): { period: ResolvedPeriod; name: string } {
  const asked = input.period !== undefined || input.from !== undefined || input.to !== undefined;
  let effective: PeriodInput = input;
  if (!asked) {
    const today = localEpochDay(now, org.timezone);
    const { year, month } = partsFromEpochDay(today);
    effective = { period: `${year}-${String(month).padStart(2, '0')}`, asof: formatEpochDay(today) };
  }
  const result = resolvePeriod(effective, org.fiscal_year_start_month);
  if (!result.ok) throw invalid(result.field, result.reason);
  if (result.range.to - result.range.from + 1 > MAX_PERIOD_DAYS) {
    throw invalid(input.period !== undefined ? 'period' : 'to', 'the period may be at most 20 years long');
  }
  const name =
    effective.period !== undefined && effective.asof === undefined
      ? effective.period
      : `${formatEpochDay(result.range.from)}_${formatEpochDay(result.range.to)}`;
  const { ok: _ok, ...period } = result;
  return { period, name };
}

/** "Sales KPIs" for 2026-12 → `Sales-KPIs-2026-12.pdf`: letters, digits, dots, dashes only. */
export function dashboardFileName(
  title: string,
  periodName: string,
  extension: string,
  widgetId?: string,
): string {
  const parts = [title, ...(widgetId ? [widgetId] : []), periodName]
    .map(fileNamePart)
    .filter((p) => p !== '');
  return `${parts.join('-') || 'dashboard'}.${extension}`;
}

/** A Content-Disposition value: `filename*` carries any script, the plain `filename` an ASCII fallback. */
export const attachmentHeader = (file: string): string =>
  `attachment; filename="${file.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file)}`;
