import { Accordion, Badge, Box, Stack, Table, Text } from '@mantine/core';
import type { ImportErrorGroup, ImportIssue } from '../../../../src/core/contracts/imports.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import classes from './data-page.module.css';

const groupKey = (group: ImportErrorGroup) => `${group.file}|${group.column ?? ''}|${group.reason}`;

/** The lines of one cause: a plain list when they all say the same, else each line with its own message. */
function GroupLines({ group }: { group: ImportErrorGroup }) {
  const { t } = useI18n();
  const more = group.count - group.examples.length;
  const same = group.examples.every((example) => example.message === group.reason);
  return (
    <Stack gap={6}>
      {same ? (
        <Text fz="sm">
          {t('data.groupLines')}{' '}
          <span className="udn-num">{group.examples.map((example) => example.line).join(', ')}</span>
        </Text>
      ) : (
        <Box className={classes.tableWrap}>
          <Table fz="sm" verticalSpacing={4} withRowBorders={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th ta="right" w={64}>
                  {t('data.line')}
                </Table.Th>
                <Table.Th>{t('data.message')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {group.examples.map((example) => (
                <Table.Tr key={`${example.line}:${example.message}`}>
                  <Table.Td ta="right" className="udn-num">
                    {example.line > 0 ? example.line : '—'}
                  </Table.Td>
                  <Table.Td className={classes.breakAnywhere}>{example.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
      {more > 0 && (
        <Text fz="sm" c="dimmed">
          {t('data.groupMore', { count: more })}
        </Text>
      )}
    </Stack>
  );
}

/**
 * A refused import's errors by cause: "deals.csv · currency — "USD" differs from … — 258 rows, first
 * at line 2", each opening onto its lines. The count is exact over the whole import.
 */
export function ErrorGroups({ groups }: { groups: readonly ImportErrorGroup[] }) {
  const { t } = useI18n();
  return (
    <Accordion multiple variant="contained" radius="md" chevronPosition="right" data-testid="error-groups">
      {groups.map((group, index) => {
        const first = group.examples[0]?.line ?? 0;
        return (
          // The value becomes part of element ids: an index, not the reason's text.
          <Accordion.Item key={groupKey(group)} value={`cause-${index}`} data-testid="error-group">
            <Accordion.Control>
              <span className={classes.groupControl}>
                <span className={classes.groupText}>
                  <Text span fz="xs" className={classes.mono} c="dimmed">
                    {group.file}
                    {group.column ? ` · ${group.column}` : ''}
                  </Text>
                  <Text
                    span
                    fz="sm"
                    fw={550}
                    className={classes.breakAnywhere}
                    data-testid="error-group-reason"
                  >
                    {group.reason}
                  </Text>
                  <Text span fz="xs" c="dimmed">
                    {first > 0
                      ? t('data.groupFirstAt', { where: `${group.file}:${first}` })
                      : t('data.groupWholeFile')}
                  </Text>
                </span>
                <Badge
                  component="span"
                  variant="light"
                  color="red"
                  radius="sm"
                  tt="none"
                  className={classes.countBadge}
                  data-testid="error-group-count"
                >
                  {t('data.groupRows', {
                    count: group.count,
                  })}
                </Badge>
              </span>
            </Accordion.Control>
            <Accordion.Panel>
              <GroupLines group={group} />
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}

/** Errors one per line (imports recorded before errors were grouped have only these). */
export function ErrorList({ errors, errorCount }: { errors: readonly ImportIssue[]; errorCount: number }) {
  const { t } = useI18n();
  return (
    <Stack gap="xs">
      <Box className={classes.tableWrap}>
        <Table striped fz="sm" verticalSpacing={6} data-testid="import-error-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('data.file')}</Table.Th>
              <Table.Th ta="right">{t('data.line')}</Table.Th>
              <Table.Th>{t('data.column')}</Table.Th>
              <Table.Th>{t('data.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {errors.map((error) => (
              <Table.Tr
                key={`${error.file}:${error.line}:${error.column}:${error.message}`}
                data-testid="import-error"
              >
                <Table.Td className={classes.mono}>{error.file}</Table.Td>
                <Table.Td ta="right" className="udn-num">
                  {error.line > 0 ? error.line : '—'}
                </Table.Td>
                <Table.Td className={classes.mono}>{error.column ?? '—'}</Table.Td>
                <Table.Td>{error.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      {errorCount > errors.length && (
        <Text fz="sm" c="dimmed">
          {t('data.moreErrors', { count: errorCount - errors.length })}
        </Text>
      )}
    </Stack>
  );
}

/** A refused import's errors: by cause when the server grouped them, else as listed. */
export function RefusedErrors({
  groups,
  errors,
  errorCount,
}: {
  groups: readonly ImportErrorGroup[];
  errors: readonly ImportIssue[];
  errorCount: number;
}) {
  return groups.length > 0 ? (
    <ErrorGroups groups={groups} />
  ) : (
    <ErrorList errors={errors} errorCount={errorCount} />
  );
}
