import { Box, Tooltip } from '@mantine/core';
import type { LiveStatus } from '../api/use-live-events.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import classes from './live-badge.module.css';

/** A dot that tells whether open dashboards are receiving updates. */
export function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useI18n();
  const label = t(`live.${status}`);
  return (
    <Tooltip label={label}>
      <Box
        className={classes.wrap}
        data-status={status}
        aria-label={label}
        role="status"
        data-testid="live-status"
      >
        <span className={classes.dot} />
        <span className={classes.text}>{status === 'live' ? t('live.short') : ''}</span>
      </Box>
    </Tooltip>
  );
}
