import { parseIsoDate } from '../core/calendar-date.ts';
import type { ClockOptions } from '../services/goals/goal-clock.ts';

/** `?today=` of a request: pacing judged as of that day (tests, what-if); default today in the org's zone. */
export const clockOf = (query: { today?: string | undefined }): ClockOptions =>
  query.today === undefined ? {} : { today: parseIsoDate(query.today) };
