import classes from './progress-ring.module.css';
import type { ShownStatus } from './status-badge.tsx';

/** Progress (the API's fraction) as a ring in its status colour, the percentage in the middle. */
export function ProgressRing({
  progress,
  status,
  size = 96,
  thickness = 9,
  text,
  label,
}: {
  progress: number | null;
  status: ShownStatus;
  size?: number;
  thickness?: number;
  text: string;
  label: string;
}) {
  const radius = (size - thickness) / 2;
  const circumference = 2 * Math.PI * radius;
  const share = Math.min(1, Math.max(0, progress ?? 0));
  return (
    <div
      className={classes.ring}
      style={{ width: size, height: size }}
      data-status={status}
      role="img"
      aria-label={label}
    >
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden>
        <circle className={classes.track} cx={size / 2} cy={size / 2} r={radius} strokeWidth={thickness} />
        <circle
          className={classes.value}
          cx={size / 2}
          cy={size / 2}
          r={radius}
          strokeWidth={thickness}
          strokeDasharray={circumference}
          strokeDashoffset={circumference * (1 - share)}
          transform={`rotate(-90 ${size / 2} ${size / 2})`}
        />
      </svg>
      <span className={`${classes.text} udn-num`} style={{ fontSize: Math.round(size * 0.22) }}>
        {text}
      </span>
    </div>
  );
}
