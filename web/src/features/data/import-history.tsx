import { Badge, Box, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import type { ImportHistoryEntry } from '../../api/types.ts';
import { useImportHistory } from '../../api/use-imports.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useFormat } from '../../ui/use-format.ts';
import classes from './data-page.module.css';

const fileNames = (entry: ImportHistoryEntry): string =>
  entry.files.map((file) => file.file).join(', ') || '—';

/** Row counts of an import summed over its files (bookkeeping, not a KPI). */
const countOf = (entry: ImportHistoryEntry, key: 'rows' | 'inserted' | 'updated'): number | null =>
  entry.files.length ? entry.files.reduce((total, file) => total + file[key], 0) : null;

/** Past imports, newest first, as the server records them. */
export function ImportHistory() {
  const { t } = useI18n();
  const format = useFormat();
  const history = useImportHistory();
  const cell = (count: number | null) => (count === null ? '—' : format.number(count));
  return (
    <Box className={classes.section}>
      <Stack gap="md">
        <Title order={2}>{t('data.historyTitle')}</Title>
        {history.isPending ? (
          <Stack gap={6}>
            {[1, 2, 3].map((row) => (
              <Skeleton key={row} h={28} radius="sm" />
            ))}
          </Stack>
        ) : history.isError ? (
          <Text c="red" fz="sm">
            {history.error.message}
          </Text>
        ) : history.data.length === 0 ? (
          <Text c="dimmed" fz="sm">
            {t('data.noHistory')}
          </Text>
        ) : (
          <Box className={classes.tableWrap}>
            <Table fz="sm" verticalSpacing={6} highlightOnHover data-testid="import-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('data.when')}</Table.Th>
                  <Table.Th>{t('data.status')}</Table.Th>
                  <Table.Th>{t('data.files')}</Table.Th>
                  <Table.Th ta="right">{t('data.rows')}</Table.Th>
                  <Table.Th ta="right">{t('data.inserted')}</Table.Th>
                  <Table.Th ta="right">{t('data.updated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.data.map((entry) => {
                  const at = entry.finishedAt ?? entry.startedAt;
                  const status = entry.status === 'succeeded' ? 'ok' : entry.status;
                  return (
                    <Table.Tr key={entry.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.instant(at, true)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Badge
                          tt="none"
                          style={{ minWidth: 'max-content' }}
                          variant="light"
                          color={status === 'ok' ? 'teal' : status === 'failed' ? 'red' : 'gray'}
                          radius="sm"
                        >
                          {t(`data.${status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td className={classes.mono}>
                        {entry.source ? `${entry.source} · ` : ''}
                        {fileNames(entry)}
                      </Table.Td>
                      <Table.Td ta="right" className="udn-num">
                        {cell(countOf(entry, 'rows'))}
                      </Table.Td>
                      <Table.Td ta="right" className="udn-num">
                        {cell(countOf(entry, 'inserted'))}
                      </Table.Td>
                      <Table.Td ta="right" className="udn-num">
                        {cell(countOf(entry, 'updated'))}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Box>
        )}
      </Stack>
    </Box>
  );
}
