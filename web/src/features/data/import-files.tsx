import { Anchor, Box, Button, Group, Skeleton, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconBook2, IconDownload } from '@tabler/icons-react';
import type { ImportFileFormat } from '../../../../src/core/contracts/imports.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import classes from './data-page.module.css';
import { useImportFormats } from './use-data-api.ts';

/** One line per file saying what it holds; the columns come from the importer's own specs. */
const ABOUT: Record<string, MessageKey> = {
  'org.json': 'data.about.org',
  'reps.csv': 'data.about.reps',
  'accounts.csv': 'data.about.accounts',
  'leads.csv': 'data.about.leads',
  'deals.csv': 'data.about.deals',
  'emails.csv': 'data.about.emails',
  'spend.csv': 'data.about.spend',
  'targets.csv': 'data.about.targets',
};

function Columns({ format }: { format: ImportFileFormat }) {
  const { t } = useI18n();
  return (
    <Text fz="xs" c="dimmed" className={classes.mono}>
      {format.columns.map((column, index) => (
        <span key={column.name}>
          {index > 0 && ', '}
          {column.required ? (
            <Text span fz="xs" fw={700} c="var(--mantine-color-text)" className={classes.mono}>
              {column.name}
              <VisuallyHidden> ({t('data.required')})</VisuallyHidden>
            </Text>
          ) : (
            column.name
          )}
        </span>
      ))}
    </Text>
  );
}

/**
 * The files an import takes, each in one line with its columns (required in bold) and a template
 * to download; the full format opens beside the page.
 */
export function ImportFiles({ onOpenFormat }: { onOpenFormat: () => void }) {
  const { t } = useI18n();
  const formats = useImportFormats();
  return (
    <Box className={classes.section}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Title order={2}>{t('data.filesTitle')}</Title>
            <Text fz="sm" c="dimmed" mt={4}>
              {t('data.filesHint')}
            </Text>
          </div>
          <Button
            variant="light"
            leftSection={<IconBook2 size={16} />}
            onClick={onOpenFormat}
            data-testid="open-format"
          >
            {t('data.formatLink')}
          </Button>
        </Group>
        {formats.isPending ? (
          <Stack gap={6}>
            {[1, 2, 3, 4].map((row) => (
              <Skeleton key={row} h={40} radius="sm" />
            ))}
          </Stack>
        ) : formats.isError ? (
          <Text c="red" fz="sm">
            {formats.error.message}
          </Text>
        ) : (
          <ul className={classes.fileList} data-testid="import-files">
            {formats.data.map((format) => (
              <li key={format.file} className={classes.fileItem} data-testid={`import-file-${format.file}`}>
                <Text fw={600} fz="sm" className={classes.mono}>
                  {format.file}
                </Text>
                <div className={classes.fileAbout}>
                  <Text fz="sm">{ABOUT[format.file] ? t(ABOUT[format.file]!) : ''}</Text>
                  <Columns format={format} />
                </div>
                <Anchor
                  href={format.template}
                  download={format.file}
                  fz="sm"
                  className={classes.templateLink}
                  data-testid={`template-${format.file}`}
                >
                  <IconDownload size={14} aria-hidden />
                  {t('data.template')}
                  <VisuallyHidden> {format.file}</VisuallyHidden>
                </Anchor>
              </li>
            ))}
          </ul>
        )}
        <Text fz="xs" c="dimmed">
          {t('data.requiredHint')}
        </Text>
      </Stack>
    </Box>
  );
}
