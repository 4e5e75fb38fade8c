/*
 * When a failed delivery is tried again (docs/webhooks.md): doubling from one minute, so a receiver
 * down for a moment gets the event within minutes and one down for a day is not hammered. The last
 * try is at most 24 hours after the first; after it the delivery is given up on (`failed`).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The pause after each failed try: 1, 2, 4 … 32 min, 1, 2, 4, 8 h: the last of 11 tries 16 h 3 min after the first. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  MINUTE,
  2 * MINUTE,
  4 * MINUTE,
  8 * MINUTE,
  16 * MINUTE,
  32 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
];

/** No retry is scheduled later than this after the first try. */
export const RETRY_WINDOW_MS = 24 * HOUR;

/**
 * When to try again after the `attempts`-th failed try (1 = the first try failed), or null when
 * the delivery is given up on: the delays are used up, or the next try would fall past the window.
 */
export function nextAttemptAt(
  attempts: number,
  firstAttemptAt: number,
  lastAttemptAt: number,
  delaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS,
  windowMs: number = RETRY_WINDOW_MS,
): number | null {
  const delay = delaysMs[attempts - 1];
  if (delay === undefined) return null;
  const at = lastAttemptAt + delay;
  return at - firstAttemptAt > windowMs ? null : at;
}
