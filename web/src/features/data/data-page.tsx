import { Box, Stack, Text, Title } from '@mantine/core';
import { useRoute, useSetSearch } from '../../app/router.ts';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import classes from './data-page.module.css';
import { FormatDrawer } from './format-drawer.tsx';
import { ImportFiles } from './import-files.tsx';
import { ImportHistory } from './import-history.tsx';
import { RemoveData } from './remove-data.tsx';
import { SourcesPanel } from './sources-panel.tsx';
import { UploadPanel } from './upload-panel.tsx';

/**
 * Import files (errors by cause, each with its lines), what each file holds with its template and
 * the format, what was imported before, and a way to remove the data and start over.
 * `?format=1` opens the format, so it can be linked to.
 */
export default function DataPage() {
  const { t } = useI18n();
  const can = useCan();
  const { search } = useRoute();
  const setSearch = useSetSearch();
  const formatOpen = search.get('format') === '1';
  return (
    <Box className={classes.page}>
      <Stack gap="lg">
        <div>
          <Title order={1}>{t('data.title')}</Title>
          <Text c="dimmed" fz="sm" mt={4}>
            {t('data.subtitle')}
          </Text>
        </div>
        {can.admin && <UploadPanel />}
        <ImportFiles onOpenFormat={() => setSearch({ format: '1' })} />
        <ImportHistory />
        {can.admin && <SourcesPanel />}
        {can.admin && <RemoveData />}
      </Stack>
      <FormatDrawer opened={formatOpen} onClose={() => setSearch({ format: null })} />
    </Box>
  );
}
