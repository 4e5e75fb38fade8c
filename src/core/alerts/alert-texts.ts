import { formatEpochDay } from '../calendar-date.ts';
import { formatValue } from '../format.ts';
import { type NeededPace, neededPaceText } from '../goals/pace-text.ts';
import { METRICS, type MetricKey, type MetricUnit } from '../kpis/definitions.ts';
import type { DayRange } from '../periods.ts';

/**
 * What an alert says (English, as the issue asks): what crossed, by how much, in the
 * organisation's currency and formats (core/format.ts), and where the drill-down behind it is.
 * The figures are the ones the rule was decided on; nothing here computes a KPI.
 */

export interface AlertText {
  title: string;
  message: string;
}

const en = (currency: string) => ({ locale: 'en' as const, currency });

export const metricLabel = (metric: MetricKey): string => METRICS[metric].label.en;

const rangeText = (range: DayRange): string =>
  range.from === range.to
    ? formatEpochDay(range.from)
    : `${formatEpochDay(range.from)} to ${formatEpochDay(range.to)}`;

/** A difference between two values of a unit: points for rates, the unit's own format otherwise. */
export function differenceText(diff: number, unit: MetricUnit, currency: string): string {
  const size = Math.abs(diff);
  if (unit === 'ratio') return `${(size * 100).toFixed(1)} pp`;
  return formatValue(size, unit, en(currency));
}

/** The app path of a KPI's drill-down: the dashboard at that period and scope, the metric opened. */
export function kpiLink(periodName: string, scope: string, metric: MetricKey): string {
  // The scope stays readable (team:Jakarta) but every other character is escaped.
  const scopeText = encodeURIComponent(scope).replace(/%3A/gi, ':');
  return `/?period=${encodeURIComponent(periodName)}&scope=${scopeText}&drill=${metric}`;
}

export const targetLink = (targetId: number): string => `/goals?target=${targetId}`;
export const IMPORTS_LINK = '/data';

export interface KpiFigure {
  metric: MetricKey;
  /** How the scope reads in a sentence: "the organisation", "team Jakarta", "Budi Santoso". */
  scopeLabel: string;
  periodName: string;
  range: DayRange;
  value: number;
  currency: string;
}

export function thresholdText(
  figure: KpiFigure,
  rule: { operator: 'above' | 'below'; value: number },
): AlertText {
  const unit = METRICS[figure.metric].unit;
  const fmt = (v: number) => formatValue(v, unit, en(figure.currency));
  const label = metricLabel(figure.metric);
  const by = differenceText(figure.value - rule.value, unit, figure.currency);
  return {
    title: `${label} of ${figure.scopeLabel} ${rule.operator} ${fmt(rule.value)}: ${fmt(figure.value)} in ${figure.periodName}`,
    message: `${label} of ${figure.scopeLabel} is ${fmt(figure.value)} in ${figure.periodName} to date (${rangeText(figure.range)}), ${rule.operator} the threshold of ${fmt(rule.value)} by ${by}.`,
  };
}

export function changeText(
  figure: KpiFigure,
  rule: { direction: 'up' | 'down'; percent: number; against: 'previous' | 'last-year' },
  base: { value: number; range: DayRange; change: number },
): AlertText {
  const unit = METRICS[figure.metric].unit;
  const fmt = (v: number) => formatValue(v, unit, en(figure.currency));
  const label = metricLabel(figure.metric);
  const pct = `${Math.abs(base.change * 100).toFixed(1)}%`;
  const moved = base.change < 0 ? 'down' : 'up';
  const against = rule.against === 'previous' ? 'the previous period' : 'the same period last year';
  return {
    title: `${label} of ${figure.scopeLabel} ${moved} ${pct} against ${against}`,
    message: `${label} of ${figure.scopeLabel} is ${fmt(figure.value)} in ${figure.periodName} to date (${rangeText(figure.range)}), ${moved} ${pct} from ${fmt(base.value)} in ${against} (${rangeText(base.range)}); the rule watches for a ${rule.direction === 'up' ? 'rise' : 'fall'} of ${rule.percent}% or more.`,
  };
}

export interface TargetFigure {
  /** "Jakarta revenue", or the target's own name. */
  label: string;
  status: 'at_risk' | 'off_track' | 'achieved' | 'missed';
  unit: MetricUnit | 'boolean' | 'progress';
  current: number | null;
  target: number | null;
  progress: number | null;
  expected: number;
  /** The share behind the linear pace (0.12 = 12%), behindPace(). */
  behind: number | null;
  /** What it still takes per day or week (core/goals/pace-text.ts), null when nothing is. */
  needed: NeededPace | null;
  to: string;
  currency: string;
}

const targetValueText = (value: number | null, unit: TargetFigure['unit'], currency: string): string =>
  unit === 'boolean' || unit === 'progress'
    ? formatValue(value, 'ratio', en(currency))
    : formatValue(value, unit, en(currency));

/** "Jakarta revenue is 12% behind pace: needs IDR 9.9M/day": the alert's title and the task's. */
export function targetText(figure: TargetFigure): AlertText {
  const fmt = (v: number | null) => targetValueText(v, figure.unit, figure.currency);
  const of = `${fmt(figure.current)} of ${fmt(figure.target)}`;
  const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
  switch (figure.status) {
    case 'achieved':
      return {
        title: `${figure.label} achieved its target`,
        message: `${figure.label} reached ${of} (${pct(figure.progress)}) for the period ending ${figure.to}.`,
      };
    case 'missed':
      return {
        title: `${figure.label} missed its target: ${pct(figure.progress)} reached`,
        message: `${figure.label} ended at ${of} (${pct(figure.progress)}); the period ended ${figure.to}.`,
      };
    default: {
      const need = neededPaceText(figure.needed, 'en');
      const behind = figure.behind === null ? 'behind pace' : `${pct(figure.behind)} behind pace`;
      const state = figure.status === 'off_track' ? 'off track' : 'at risk';
      return {
        title: `${figure.label} is ${behind}${need ? `: needs ${need}` : ''}`,
        message: `${figure.label} is ${state}: ${of} (${pct(figure.progress)}) where a steady pace would be at ${pct(figure.expected)} by today${need ? `; it needs ${need} until ${figure.to}` : ''}.`,
      };
    }
  }
}

export function inactivityText(input: {
  repName: string;
  days: number | null;
  lastDay: number | null;
  activity: 'deal-created' | 'email-sent' | 'any';
  limit: number;
}): AlertText {
  const what =
    input.activity === 'deal-created'
      ? 'no deal created'
      : input.activity === 'email-sent'
        ? 'no email sent'
        : 'no deal created and no email sent';
  const since =
    input.lastDay === null ? 'nothing recorded yet' : `the last on ${formatEpochDay(input.lastDay)}`;
  const days = input.days === null ? 'ever' : `for ${input.days} days`;
  return {
    title: `${input.repName}: ${what} ${days}`,
    message: `${input.repName} has had ${what} ${days} (${since}); the rule watches for ${input.limit} days or more.`,
  };
}

export function importText(input: {
  importId: number;
  source: string;
  failed: boolean;
  reason: string | null;
  removed: number;
}): AlertText {
  if (input.failed) {
    return {
      title: `Import #${input.importId} failed`,
      message: `Import #${input.importId} (${input.source}) failed and wrote nothing${input.reason ? `: ${input.reason}` : '.'}`,
    };
  }
  return {
    title: `Import #${input.importId} removed ${input.removed} records`,
    message: `Import #${input.importId} (${input.source}) succeeded and removed ${input.removed} stored records.`,
  };
}
