import { formatEpochDay, parseIsoDate } from '../../core/calendar-date.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import { localEpochDay } from '../../core/time-zone.ts';
import type { OrgRecord } from '../../db/org-repo.ts';

/** Options every goals service accepts, so tests, the CLI (--today) and the demo can fix the clock. */
export interface ClockOptions {
  /** Epoch day that counts as today; default today in the organisation's time zone. */
  today?: number | undefined;
  /** Epoch milliseconds of "now" for written timestamps; default Date.now(). */
  now?: number | undefined;
}

export const todayOf = (org: OrgRecord, options: ClockOptions = {}): number =>
  options.today ?? localEpochDay(options.now ?? Date.now(), org.timezone);

export const nowOf = (options: ClockOptions = {}): number => options.now ?? Date.now();

export const dayOf = (text: string): number => parseIsoDate(text) ?? 0;
export const dayText = (day: number): string => formatEpochDay(day);
export const isoInstant = (ms: number): string => new Date(ms).toISOString();

/** Why a scope cannot be used, or null: teams are the ones reps have, reps must exist. */
export function scopeProblem(scope: string, reps: readonly RepInfo[]): string | null {
  if (scope === 'org') return null;
  if (scope.startsWith('team:')) {
    const team = scope.slice('team:'.length);
    return reps.some((rep) => rep.team === team) ? null : `unknown team "${team}" (no rep has it)`;
  }
  if (scope.startsWith('rep:')) {
    const id = scope.slice('rep:'.length);
    return reps.some((rep) => rep.id === id) ? null : `unknown rep "${id}"`;
  }
  return 'must be org, team:<team name> or rep:<rep id>';
}

/** "Organisation", "Team Jakarta", or the rep's name: how a scope reads in a generated target name. */
export function scopeLabel(scope: string, reps: readonly RepInfo[]): string {
  if (scope === 'org') return 'Organisation';
  if (scope.startsWith('team:')) return `Team ${scope.slice('team:'.length)}`;
  const id = scope.slice('rep:'.length);
  return reps.find((rep) => rep.id === id)?.name ?? id;
}
