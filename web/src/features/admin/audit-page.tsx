import {
  Badge,
  Box,
  Button,
  Collapse,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { AUDIT_KINDS } from '../../../../src/core/contracts/audit.ts';
import type { AuditEntry } from '../../api/access-types.ts';
import { type AuditFilter, useAudit } from '../../api/use-audit.ts';
import { useMembers } from '../../api/use-members.ts';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { useFormat } from '../../ui/use-format.ts';
import classes from './admin-page.module.css';
import { auditDayRange } from './audit-days.ts';

/** The kinds of change the server records. */
const KINDS = AUDIT_KINDS;

const json = (value: unknown) =>
  value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);

function EntryRow({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const { instant } = useFormat();
  const [open, setOpen] = useState(false);
  const hasChange = entry.before != null || entry.after != null;
  return (
    <Fragment>
      <Table.Tr data-testid={`audit-${entry.id}`}>
        <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
          {instant(entry.at, true)}
        </Table.Td>
        <Table.Td>
          <Text fz="sm">{entry.actorEmail ?? t('access.audit.system')}</Text>
          {entry.actorVia && (
            <Text fz="xs" c="dimmed">
              {t('access.audit.via', { via: entry.actorVia })}
            </Text>
          )}
        </Table.Td>
        <Table.Td fz="xs" ff="monospace">
          {entry.ip ?? '—'}
        </Table.Td>
        <Table.Td>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Badge variant="light" size="sm" style={{ flexShrink: 0 }}>
              {t(`access.audit.kind.${entry.kind as (typeof KINDS)[number]}`) || entry.kind}
            </Badge>
            <Text fz="sm">{entry.summary}</Text>
          </Group>
        </Table.Td>
        <Table.Td ta="right">
          {hasChange && (
            <Button
              size="compact-xs"
              variant="subtle"
              aria-expanded={open}
              leftSection={open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
              onClick={() => setOpen(!open)}
              data-testid={`audit-details-${entry.id}`}
            >
              {t('access.audit.details')}
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      {hasChange && open && (
        <Table.Tr>
          <Table.Td colSpan={5}>
            <Collapse expanded={open}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <div>
                  <Text fz="xs" fw={700} mb={4}>
                    {t('access.audit.before')}
                  </Text>
                  <pre className={classes.json}>{json(entry.before)}</pre>
                </div>
                <div>
                  <Text fz="xs" fw={700} mb={4}>
                    {t('access.audit.after')}
                  </Text>
                  <pre className={classes.json}>{json(entry.after)}</pre>
                </div>
              </SimpleGrid>
            </Collapse>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

/** Who changed what, when and from where: filtered by person, kind and days, newest first. */
export default function AuditPage() {
  const { t } = useI18n();
  const can = useCan();
  const { timeZone } = useFormat();
  const members = useMembers();
  const [actor, setActor] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter: AuditFilter = {
    ...(actor ? { actor } : {}),
    ...(kind ? { kind } : {}),
    // The days picked are the organisation's days, the zone every time on this page is shown in.
    ...auditDayRange(from, to, timeZone),
  };
  const audit = useAudit(filter);
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  const kindLabel = (value: (typeof KINDS)[number]) => t(`access.audit.kind.${value}`);

  if (!can.admin) {
    return (
      <Box className={classes.page}>
        <Text data-testid="admin-only">{t('access.adminOnly')}</Text>
      </Box>
    );
  }

  return (
    <Box className={classes.page}>
      <Stack gap="lg">
        <div>
          <Title order={1}>{t('access.audit.title')}</Title>
          <Text c="dimmed" fz="sm" mt={2}>
            {t('access.audit.subtitle', { zone: timeZone })}
          </Text>
        </div>
        <Paper className={classes.section} radius="lg" p="md">
          <div className={classes.filters}>
            <Select
              label={t('access.audit.person')}
              placeholder={t('access.audit.anyone')}
              data={(members.data?.members ?? []).map((member) => ({
                value: member.userId,
                label: member.name,
              }))}
              value={actor}
              onChange={setActor}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              data-testid="audit-actor"
            />
            <Select
              label={t('access.audit.kind')}
              placeholder={t('access.audit.anyKind')}
              data={KINDS.map((value) => ({ value, label: kindLabel(value) }))}
              value={kind}
              onChange={setKind}
              clearable
              data-testid="audit-kind"
            />
            <TextInput
              type="date"
              label={t('access.audit.from')}
              value={from}
              onChange={(event) => setFrom(event.currentTarget.value)}
              data-testid="audit-from"
            />
            <TextInput
              type="date"
              label={t('access.audit.to')}
              value={to}
              onChange={(event) => setTo(event.currentTarget.value)}
              data-testid="audit-to"
            />
          </div>
        </Paper>
        <FormError>{audit.error?.message}</FormError>
        <Paper className={classes.section} radius="lg" p={0}>
          <Table.ScrollContainer minWidth={760} type="native" tabIndex={0}>
            <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="audit-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('access.audit.time')}</Table.Th>
                  <Table.Th>{t('access.audit.who')}</Table.Th>
                  <Table.Th>{t('access.audit.ip')}</Table.Th>
                  <Table.Th>{t('access.audit.what')}</Table.Th>
                  <Table.Th>
                    <Text span fz="sm" fw={700}>
                      {t('access.audit.change')}
                    </Text>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((entry) => (
                  <EntryRow key={entry.id} entry={entry} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {audit.isSuccess && entries.length === 0 && (
            <Text p="md" fz="sm" c="dimmed" data-testid="audit-empty">
              {t('access.audit.empty')}
            </Text>
          )}
        </Paper>
        {audit.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              loading={audit.isFetchingNextPage}
              onClick={() => void audit.fetchNextPage()}
              data-testid="audit-more"
            >
              {t('access.audit.more')}
            </Button>
          </Group>
        )}
      </Stack>
    </Box>
  );
}
