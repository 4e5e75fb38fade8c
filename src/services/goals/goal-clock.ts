import type { Principal } from '../../core/access/principal.ts';
import { formatEpochDay, parseIsoDate } from '../../core/calendar-date.ts';
import { localEpochDay } from '../../core/time-zone.ts';
import type { OrgRecord } from '../../db/org-repo.ts';

/** Options every goals service accepts, so tests, the CLI (--today) and the demo can fix the clock. */
export interface ClockOptions {
  /** Epoch day that counts as today; default today in the organisation's time zone. */
  today?: number | undefined;
  /** Epoch milliseconds of "now" for written timestamps; default Date.now(). */
  now?: number | undefined;
  /**
   * Who asks (docs/access.md): what they may not see is left out or refused, what they may not
   * change is refused. Absent for the command line and the demo, which act as the administrator.
   */
  as?: Principal | undefined;
}

export const todayOf = (org: OrgRecord, options: ClockOptions = {}): number =>
  options.today ?? localEpochDay(options.now ?? Date.now(), org.timezone);

export const nowOf = (options: ClockOptions = {}): number => options.now ?? Date.now();

export const dayOf = (text: string): number => parseIsoDate(text) ?? 0;
export const dayText = (day: number): string => formatEpochDay(day);
export const isoInstant = (ms: number): string => new Date(ms).toISOString();

/** A write's options: the clock, and who made it (recorded with every quota change). */
export interface WhoOptions extends ClockOptions {
  updatedBy?: string | undefined;
}
