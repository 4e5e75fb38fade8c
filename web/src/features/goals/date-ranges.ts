/**
 * Calendar ranges around the organisation's today (YYYY-MM-DD, from GET /org), for the quick
 * choices of a goal's dates and the tasks' due filters. Dates only: no zone, no KPI.
 */
export interface DayRange {
  from: string;
  to: string;
}

const pad = (value: number) => String(value).padStart(2, '0');
const text = (date: Date) =>
  `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

function parts(today: string): { y: number; m: number; d: number } {
  const [y, m, d] = today.split('-').map(Number);
  return { y: y ?? 1970, m: m ?? 1, d: d ?? 1 };
}

/** The calendar quarter holding today, or one `offset` quarters away. */
export function quarterRange(today: string, offset = 0): DayRange {
  const { y, m } = parts(today);
  const first = Math.floor((m - 1) / 3) * 3 + offset * 3;
  return { from: text(new Date(Date.UTC(y, first, 1))), to: text(new Date(Date.UTC(y, first + 3, 0))) };
}

export function monthRange(today: string, offset = 0): DayRange {
  const { y, m } = parts(today);
  return {
    from: text(new Date(Date.UTC(y, m - 1 + offset, 1))),
    to: text(new Date(Date.UTC(y, m + offset, 0))),
  };
}

export function yearRange(today: string): DayRange {
  const { y } = parts(today);
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/** Monday to Sunday of the ISO week holding today. */
export function weekRange(today: string): DayRange {
  const { y, m, d } = parts(today);
  const day = new Date(Date.UTC(y, m - 1, d));
  const monday = new Date(Date.UTC(y, m - 1, d - ((day.getUTCDay() + 6) % 7)));
  const sunday = new Date(Date.UTC(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate() + 6));
  return { from: text(monday), to: text(sunday) };
}

/** Whole days from `from` to `to` (0 when the same day). */
export function daysBetween(from: string, to: string): number {
  const a = parts(from);
  const b = parts(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}
