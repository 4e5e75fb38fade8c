import { formatScope, parseScope } from '../../../src/core/scope.ts';
import type { KpiReport, MetricKey, Rep } from '../api/types.ts';
import { repName } from './widget-env.tsx';

export interface RankedRow {
  scope: string;
  label: string;
  team: string | null;
  value: number | null;
}

/**
 * The reps (or teams) of a scope with their value of one metric, as reported, best first by the
 * metric's direction. Sorting and filtering only; every value is the report's.
 */
export function rankedRows(
  report: KpiReport,
  metric: MetricKey,
  by: 'rep' | 'team',
  scope: string,
  reps: Rep[],
  direction: 'up' | 'down' | 'neutral',
): RankedRow[] {
  const parsed = parseScope(scope);
  const within = parsed.ok ? parsed.scope : null;
  const team = within?.kind === 'team' ? within.name : null;
  const rows: RankedRow[] =
    by === 'team'
      ? Object.entries(report.teams)
          .filter(([name]) => team === null || name === team)
          .map(([name, values]) => ({
            scope: formatScope({ kind: 'team', name }),
            label: name,
            team: name,
            value: values[metric],
          }))
      : Object.entries(report.reps)
          .filter(([id]) => {
            if (within?.kind === 'rep') return id === within.id;
            if (team === null) return true;
            return reps.find((rep) => rep.id === id)?.team === team;
          })
          .map(([id, values]) => ({
            scope: formatScope({ kind: 'rep', id }),
            label: repName(reps, id),
            team: reps.find((rep) => rep.id === id)?.team ?? null,
            value: values[metric],
          }));
  const sign = direction === 'down' ? 1 : -1;
  return rows.sort((a, b) => {
    if (a.value === null) return b.value === null ? a.label.localeCompare(b.label) : 1;
    if (b.value === null) return -1;
    return sign * (a.value - b.value) || a.label.localeCompare(b.label);
  });
}
