import { IconCheck, IconX } from '@tabler/icons-react';
import type { PaceStatus } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import classes from './status-badge.module.css';

export type ShownStatus = PaceStatus | 'open' | 'done' | 'overdue';

/**
 * A status as the API judged it (a goal, target or task), in the colour every goal view uses for
 * it: good, at risk, bad or idle (global.css maps data-status to the colour).
 */
export function StatusBadge({
  status,
  size = 'sm',
  testId,
}: {
  status: ShownStatus;
  size?: 'xs' | 'sm';
  testId?: string;
}) {
  const { t } = useI18n();
  const icon =
    status === 'achieved' || status === 'done' ? (
      <IconCheck size={12} stroke={3} />
    ) : status === 'missed' ? (
      <IconX size={12} stroke={3} />
    ) : (
      <span className={classes.dot} />
    );
  return (
    <span className={classes.badge} data-status={status} data-size={size} data-testid={testId}>
      {icon}
      {t(`status.${status}`)}
    </span>
  );
}
