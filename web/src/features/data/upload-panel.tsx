import { Alert, Badge, Box, Button, CloseButton, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileTypeCsv, IconUpload } from '@tabler/icons-react';
import { type DragEvent, useRef, useState } from 'react';
import type { ImportResult } from '../../api/types.ts';
import { useUploadImport } from '../../api/use-imports.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useFormat } from '../../ui/use-format.ts';
import classes from './data-page.module.css';
import { RefusedErrors } from './error-groups.tsx';

const ACCEPT = '.csv,.json,text/csv,application/json';

function warningText(warning: ImportResult['warnings'][number]): string {
  if (typeof warning === 'string') return warning;
  const where = [warning.file, warning.line, warning.column].filter(
    (part) => part !== undefined && part !== null,
  );
  return where.length ? `${where.join(':')} — ${warning.message}` : warning.message;
}

function Warnings({ warnings }: { warnings: ImportResult['warnings'] }) {
  const { t } = useI18n();
  return (
    <Alert color="yellow" title={t('data.warnings')}>
      <Stack gap={2}>
        {warnings.map((warning) => (
          <Text fz="sm" key={warningText(warning)}>
            {warningText(warning)}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

function ResultView({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  const format = useFormat();
  if (!result.ok) {
    const kinds = result.errorGroups.length;
    return (
      <Stack gap="sm" data-testid="import-errors">
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('data.refusedTitle')}>
          {t(kinds > 1 ? 'data.refusedKinds' : 'data.refused', {
            count: result.errorCount,
            kinds: format.number(kinds),
          })}
        </Alert>
        <RefusedErrors groups={result.errorGroups} errors={result.errors} errorCount={result.errorCount} />
        {result.warnings.length > 0 && <Warnings warnings={result.warnings} />}
      </Stack>
    );
  }
  return (
    <Stack gap="sm" data-testid="import-success">
      <Alert color="teal" icon={<IconCircleCheck size={18} />} title={t('data.importedTitle')}>
        {t('data.imported')}
      </Alert>
      <Box className={classes.tableWrap}>
        <Table fz="sm" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('data.file')}</Table.Th>
              <Table.Th ta="right">{t('data.rows')}</Table.Th>
              <Table.Th ta="right">{t('data.inserted')}</Table.Th>
              <Table.Th ta="right">{t('data.updated')}</Table.Th>
              <Table.Th ta="right">{t('data.unchanged')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.files.map((file) => (
              <Table.Tr key={file.file}>
                <Table.Td className={classes.mono}>{file.file}</Table.Td>
                <Table.Td ta="right" className="udn-num">
                  {format.number(file.rows)}
                </Table.Td>
                <Table.Td ta="right" className="udn-num">
                  {format.number(file.inserted)}
                </Table.Td>
                <Table.Td ta="right" className="udn-num">
                  {format.number(file.updated)}
                </Table.Td>
                <Table.Td ta="right" className="udn-num">
                  {format.number(file.unchanged)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      {result.warnings.length > 0 && <Warnings warnings={result.warnings} />}
    </Stack>
  );
}

/** Pick or drop CSV files (and org.json); the import is all or nothing, like `udn import`. */
export function UploadPanel() {
  const { t } = useI18n();
  const upload = useUploadImport();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [over, setOver] = useState(false);

  const add = (list: FileList | null) => {
    if (!list) return;
    const picked = [...list];
    setFiles((current) => [
      ...current.filter((file) => !picked.some((next) => next.name === file.name)),
      ...picked,
    ]);
    upload.reset();
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    add(event.dataTransfer.files);
  };

  return (
    <Box className={classes.section}>
      <Stack gap="md">
        <Title order={2}>{t('data.uploadTitle')}</Title>
        <Box
          component="label"
          className={classes.drop}
          data-over={over || undefined}
          onDragOver={(event: DragEvent) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          tabIndex={0}
          onKeyDown={(event: React.KeyboardEvent) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              input.current?.click();
            }
          }}
        >
          <IconUpload size={28} stroke={1.5} color="var(--mantine-primary-color-filled)" />
          <Text fw={600}>{t('data.drop')}</Text>
          <Text fz="sm" c="dimmed">
            {t('data.dropHint')}
          </Text>
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            multiple
            hidden
            onChange={(event) => {
              add(event.currentTarget.files);
              event.currentTarget.value = '';
            }}
            data-testid="file-input"
          />
        </Box>
        {files.length > 0 && (
          <Group gap="xs">
            {files.map((file) => (
              <Badge
                key={file.name}
                variant="light"
                size="lg"
                radius="sm"
                leftSection={<IconFileTypeCsv size={14} />}
                rightSection={
                  <CloseButton
                    size="xs"
                    aria-label={t('data.removeFile', { name: file.name })}
                    onClick={() => setFiles((current) => current.filter((item) => item !== file))}
                  />
                }
                tt="none"
              >
                {file.name}
              </Badge>
            ))}
          </Group>
        )}
        <Group justify="flex-end" gap="xs">
          {files.length > 0 && (
            <Button
              variant="default"
              onClick={() => {
                setFiles([]);
                upload.reset();
              }}
            >
              {t('data.clear')}
            </Button>
          )}
          <Button
            leftSection={<IconUpload size={16} />}
            disabled={files.length === 0}
            loading={upload.isPending}
            onClick={() => upload.mutate(files, { onSuccess: (result) => result.ok && setFiles([]) })}
            data-testid="upload-button"
          >
            {t('data.import')}
          </Button>
        </Group>
        {upload.isError && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('data.failedTitle')}>
            {upload.error.message}
          </Alert>
        )}
        {upload.data && <ResultView result={upload.data} />}
      </Stack>
    </Box>
  );
}
