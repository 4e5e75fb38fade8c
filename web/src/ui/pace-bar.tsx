import classes from './pace-bar.module.css';
import type { ShownStatus } from './status-badge.tsx';

/**
 * Progress as a bar in its status colour, with a tick where a linear pace would be today. Both
 * numbers are the API's (progress and pacing.expected); the bar only draws them.
 */
export function PaceBar({
  progress,
  expected,
  status,
  size = 'md',
  expectedLabel,
  label,
}: {
  progress: number | null;
  expected?: number | null | undefined;
  status: ShownStatus;
  size?: 'sm' | 'md';
  /** Tooltip of the tick ("should be at 64% today"). */
  expectedLabel?: string | null | undefined;
  /** Accessible name of the bar. */
  label: string;
}) {
  const share = Math.min(1, Math.max(0, progress ?? 0));
  const tick = expected !== null && expected !== undefined && expected > 0 && expected < 1 ? expected : null;
  return (
    <div
      className={classes.track}
      data-size={size}
      data-status={status}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={progress === null ? undefined : Math.round(share * 100)}
    >
      <div className={classes.fill} style={{ width: `${share * 100}%` }} />
      {/* A native title, not a Tooltip: a page draws hundreds of bars. */}
      {tick !== null && (
        <span
          className={classes.tick}
          style={{ left: `${tick * 100}%` }}
          title={expectedLabel ?? undefined}
        />
      )}
    </div>
  );
}
