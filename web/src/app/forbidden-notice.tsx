import { Notification } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { onForbidden } from '../api/client.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import classes from './app-shell.module.css';

/** A write the server refused (403), with its reason, whichever page asked; it goes after a while. */
export function ForbiddenNotice() {
  const { t } = useI18n();
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => onForbidden(setMessage), []);
  useEffect(() => {
    if (message === null) return;
    const timer = setTimeout(() => setMessage(null), 8000);
    return () => clearTimeout(timer);
  }, [message]);
  if (message === null) return null;
  return (
    <div className={classes.notice}>
      <Notification
        color="red"
        icon={<IconLock size={18} />}
        title={t('access.forbidden.title')}
        onClose={() => setMessage(null)}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        role="alert"
        data-testid="forbidden-notice"
      >
        {message}
      </Notification>
    </div>
  );
}
