import type { Prng } from './prng.ts';
import { JAKARTA_OFFSET_MINUTES, localEpochDay, MS_PER_HOUR, startOfDayMs } from './wall-clock.ts';

/** The stretch of history the demo covers: local days `startDay..endDay` (today) in Asia/Jakarta. */
export interface DemoWindow {
  startDay: number;
  endDay: number;
  startMs: number;
  /** Now, or the end of today if that comes first: nothing generated may be at or after it. */
  endMs: number;
}

/** `nowMs` cuts today short: a demo made at 02:00 has no leads from this afternoon. */
export function makeWindow(startDay: number, endDay: number, nowMs = Number.POSITIVE_INFINITY): DemoWindow {
  return {
    startDay,
    endDay,
    startMs: startOfDayMs(startDay, JAKARTA_OFFSET_MINUTES),
    endMs: Math.min(startOfDayMs(endDay + 1, JAKARTA_OFFSET_MINUTES), nowMs),
  };
}

export function dayOf(ms: number): number {
  return localEpochDay(ms, JAKARTA_OFFSET_MINUTES);
}

/** A whole-second instant between two local hours of a day (hours may be fractional). */
export function timeOnDay(rng: Prng, epochDay: number, fromHour: number, toHour: number): number {
  const ms = startOfDayMs(epochDay, JAKARTA_OFFSET_MINUTES) + rng.uniform(fromHour, toHour) * MS_PER_HOUR;
  return Math.floor(ms / 1000) * 1000;
}

/** Steady growth of the business over the window: ~0.8× at the start to ~1.3× today. */
export function growth(window: DemoWindow, epochDay: number): number {
  const span = Math.max(1, window.endDay - window.startDay);
  return 0.8 + (0.5 * (epochDay - window.startDay)) / span;
}
