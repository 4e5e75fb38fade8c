import { Box, Stack, Text, Title } from '@mantine/core';
import { useI18n } from '../../i18n/i18n-context.tsx';
import classes from './data-page.module.css';
import { ImportHistory } from './import-history.tsx';
import { UploadPanel } from './upload-panel.tsx';

/** Import CSV files (every error with file, line and column) and see what was imported before. */
export default function DataPage() {
  const { t } = useI18n();
  return (
    <Box className={classes.page}>
      <Stack gap="lg">
        <div>
          <Title order={1}>{t('data.title')}</Title>
          <Text c="dimmed" fz="sm" mt={4}>
            {t('data.subtitle')}
          </Text>
        </div>
        <UploadPanel />
        <ImportHistory />
      </Stack>
    </Box>
  );
}
