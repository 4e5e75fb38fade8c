import { Box, Stack, Text, Title } from '@mantine/core';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import classes from '../admin/admin-page.module.css';
import { DigestsSection } from '../admin/digests-section.tsx';
import { SmtpSection } from '../admin/smtp-section.tsx';
import { WebhooksSection } from '../admin/webhooks-section.tsx';

/** /settings/notifications (owners and admins): the mail server, outbound webhooks, scheduled digests. */
export default function NotificationAdminPage() {
  const { t } = useI18n();
  const can = useCan();
  return (
    <Box className={classes.page}>
      <Stack gap="lg">
        <div>
          <Title order={1}>{t('notifyAdmin.title')}</Title>
          <Text c="dimmed" fz="sm" mt={2}>
            {t('notifyAdmin.subtitle')}
          </Text>
        </div>
        {can.admin ? (
          <>
            <SmtpSection />
            <WebhooksSection />
            <DigestsSection />
          </>
        ) : (
          <Text data-testid="admin-only">{t('access.adminOnly')}</Text>
        )}
      </Stack>
    </Box>
  );
}
