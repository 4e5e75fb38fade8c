import { Box, Stack, Text, Title } from '@mantine/core';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import classes from './admin-page.module.css';
import { InvitationsSection } from './invitations-section.tsx';
import { MembersTable } from './members-table.tsx';
import { OrgSettingsSection } from './org-settings-section.tsx';

/** The organisation's people: who is in, with which role, who is invited; and its sharing setting. */
export default function MembersPage() {
  const { t } = useI18n();
  const can = useCan();
  return (
    <Box className={classes.page}>
      <Stack gap="lg">
        <div>
          <Title order={1}>{t('access.members.pageTitle')}</Title>
          <Text c="dimmed" fz="sm" mt={2}>
            {t('access.members.pageSubtitle')}
          </Text>
        </div>
        {can.admin ? (
          <>
            <MembersTable />
            <InvitationsSection />
            <OrgSettingsSection />
          </>
        ) : (
          <Text data-testid="admin-only">{t('access.adminOnly')}</Text>
        )}
      </Stack>
    </Box>
  );
}
