import { epochDayFromParts, isoWeekday, partsFromEpochDay } from '../calendar-date.ts';
import type { DigestFrequency } from '../contracts/digests.ts';
import type { DayRange } from '../periods.ts';

/**
 * The period a digest reports (docs/digests.md): the last complete period of its frequency before
 * the day it is sent — yesterday for a daily digest, the last whole ISO week (Monday to Sunday) for
 * a weekly one, the last whole calendar month for a monthly one. Complete periods are chosen over
 * "to date" ones because a digest is read as a record ("last week we…"), and a Monday-morning week
 * to date would hold only a few hours.
 */
export function digestPeriod(frequency: DigestFrequency, sendDay: number): DayRange {
  if (frequency === 'daily') return { from: sendDay - 1, to: sendDay - 1 };
  if (frequency === 'weekly') {
    const thisMonday = sendDay - (isoWeekday(sendDay) - 1);
    return { from: thisMonday - 7, to: thisMonday - 1 };
  }
  const { year, month } = partsFromEpochDay(sendDay);
  const first = epochDayFromParts(year, month, 1);
  const previous = partsFromEpochDay(first - 1);
  return { from: epochDayFromParts(previous.year, previous.month, 1), to: first - 1 };
}
