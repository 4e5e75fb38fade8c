import { Badge, Box, Button, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import type { ImportHistoryEntry } from '../../api/types.ts';
import { useImportHistory } from '../../api/use-imports.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { isolated } from '../../ui/name-text.tsx';
import { useFormat } from '../../ui/use-format.ts';
import classes from './data-page.module.css';
import { RefusedErrors } from './error-groups.tsx';

const COLUMNS = 7;

const fileNames = (entry: ImportHistoryEntry): string =>
  (entry.fileNames.length ? entry.fileNames : entry.files.map((file) => file.file))
    .map(isolated)
    .join(', ') || '—';

/** Row counts of an import summed over its files (bookkeeping, not a KPI). */
const countOf = (
  entry: ImportHistoryEntry,
  key: 'rows' | 'inserted' | 'updated' | 'removed',
): number | null =>
  entry.files.length ? entry.files.reduce((total, file) => total + (file[key] ?? 0), 0) : null;

function StatusBadge({ entry }: { entry: ImportHistoryEntry }) {
  const { t } = useI18n();
  const status = entry.status === 'succeeded' ? (entry.changed ? 'ok' : 'noChanges') : entry.status;
  const color =
    status === 'ok' ? 'teal' : status === 'failed' ? 'red' : status === 'interrupted' ? 'orange' : 'gray';
  return (
    <Badge tt="none" style={{ minWidth: 'max-content' }} variant="light" color={color} radius="sm">
      {t(`data.status.${status}`)}
    </Badge>
  );
}

/** Opens a refused import's errors below its row. */
function ErrorsToggle({
  entry,
  expanded,
  panelId,
  onToggle,
}: {
  entry: ImportHistoryEntry;
  expanded: boolean;
  panelId: string;
  onToggle: () => void;
}) {
  const { t } = useI18n();
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      color="red"
      aria-expanded={expanded}
      aria-controls={expanded ? panelId : undefined}
      rightSection={expanded ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
      onClick={onToggle}
      data-testid={`show-errors-${entry.id}`}
    >
      {t('data.showErrors', {
        count: entry.errorCount,
      })}
    </Button>
  );
}

/**
 * Past imports, newest first, as the server records them. A refused import wrote nothing: its row
 * says so instead of showing what it would have written, and opens onto its errors by cause.
 */
export function ImportHistory() {
  const { t } = useI18n();
  const format = useFormat();
  const history = useImportHistory();
  const phone = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false });
  const [open, setOpen] = useState<number | null>(null);
  const cell = (count: number | null) => (count === null ? '—' : format.number(count));
  const toggle = (id: number) => setOpen((current) => (current === id ? null : id));
  const errorsOf = (entry: ImportHistoryEntry) => (
    <RefusedErrors groups={entry.errorGroups} errors={entry.errors} errorCount={entry.errorCount} />
  );
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
        ) : phone ? (
          // A phone gets one card per import: a six-column table would hide the outcome off-screen.
          <ul className={classes.historyList} data-testid="import-history">
            {history.data.map((entry) => {
              const expanded = open === entry.id;
              const panelId = `import-errors-${entry.id}`;
              const rows = countOf(entry, 'rows');
              return (
                <li key={entry.id} className={classes.historyItem} data-testid={`import-row-${entry.id}`}>
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text fz="sm">{format.instant(entry.finishedAt ?? entry.startedAt, true)}</Text>
                    <StatusBadge entry={entry} />
                  </Group>
                  <Text fz="xs" className={classes.mono} mt={4}>
                    {entry.source ? `${entry.source} · ` : ''}
                    {fileNames(entry)}
                  </Text>
                  <Group justify="space-between" gap="xs" mt={4}>
                    <Text fz="sm" c="dimmed" className="udn-num">
                      {entry.status === 'succeeded'
                        ? t('data.historyCounts', {
                            rows: cell(rows),
                            inserted: cell(countOf(entry, 'inserted')),
                            updated: cell(countOf(entry, 'updated')),
                          }) +
                          (countOf(entry, 'removed')
                            ? ` · ${t('data.historyRemoved', { removed: cell(countOf(entry, 'removed')) })}`
                            : '')
                        : entry.status === 'running'
                          ? t('data.stillRunning')
                          : `${t('data.historyRowsRead', { rows: cell(rows) })} · ${t('data.nothingWritten')}`}
                    </Text>
                    {entry.status === 'failed' && (
                      <ErrorsToggle
                        entry={entry}
                        expanded={expanded}
                        panelId={panelId}
                        onToggle={() => toggle(entry.id)}
                      />
                    )}
                  </Group>
                  {expanded && (
                    <Box id={panelId} mt="xs">
                      {errorsOf(entry)}
                    </Box>
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <Box className={classes.tableWrap}>
            <Table fz="sm" verticalSpacing={6} data-testid="import-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('data.when')}</Table.Th>
                  <Table.Th>{t('data.status')}</Table.Th>
                  <Table.Th>{t('data.files')}</Table.Th>
                  <Table.Th ta="right">{t('data.rows')}</Table.Th>
                  <Table.Th ta="right">{t('data.inserted')}</Table.Th>
                  <Table.Th ta="right">{t('data.updated')}</Table.Th>
                  <Table.Th ta="right">{t('data.removed')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.data.map((entry) => {
                  const expanded = open === entry.id;
                  const panelId = `import-errors-${entry.id}`;
                  return (
                    <Fragment key={entry.id}>
                      <Table.Tr data-testid={`import-row-${entry.id}`}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {format.instant(entry.finishedAt ?? entry.startedAt, true)}
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <StatusBadge entry={entry} />
                        </Table.Td>
                        <Table.Td className={classes.mono}>
                          {entry.source ? `${entry.source} · ` : ''}
                          {fileNames(entry)}
                        </Table.Td>
                        <Table.Td ta="right" className="udn-num">
                          {cell(countOf(entry, 'rows'))}
                        </Table.Td>
                        {entry.status === 'succeeded' ? (
                          <>
                            <Table.Td ta="right" className="udn-num">
                              {cell(countOf(entry, 'inserted'))}
                            </Table.Td>
                            <Table.Td ta="right" className="udn-num">
                              {cell(countOf(entry, 'updated'))}
                            </Table.Td>
                            <Table.Td ta="right" className="udn-num">
                              {cell(countOf(entry, 'removed'))}
                            </Table.Td>
                          </>
                        ) : (
                          // A refused import wrote nothing: no "new" or "updated" counts to show.
                          <Table.Td colSpan={3} ta="right" data-testid="nothing-written">
                            <Group gap="xs" justify="flex-end" wrap="nowrap">
                              <Text span fz="sm" c="dimmed" className={classes.nowrap}>
                                {t(entry.status === 'running' ? 'data.stillRunning' : 'data.nothingWritten')}
                              </Text>
                              {entry.status === 'failed' && (
                                <ErrorsToggle
                                  entry={entry}
                                  expanded={expanded}
                                  panelId={panelId}
                                  onToggle={() => toggle(entry.id)}
                                />
                              )}
                            </Group>
                          </Table.Td>
                        )}
                      </Table.Tr>
                      {expanded && (
                        <Table.Tr>
                          <Table.Td colSpan={COLUMNS} id={panelId} className={classes.expandedCell}>
                            {errorsOf(entry)}
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
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
