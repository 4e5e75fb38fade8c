import {
  Badge,
  Box,
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlayerPlay, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { MAPPABLE_TABLES } from '../../../../src/core/contracts/mapping.ts';
import type {
  SourceInput,
  SourceItem,
  SourceKind,
  SourceRun,
  SourceRunStatus,
} from '../../../../src/core/contracts/sources.ts';
import { getJson, sendJson } from '../../api/client.ts';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmMutation } from '../../ui/confirm-dialog.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useFormat } from '../../ui/use-format.ts';
import classes from './data-page.module.css';
import { useSavedMappings } from './use-mapping-api.ts';

const SOURCES_KEY = ['sources'] as const;

/** Sources refresh on their own: a scheduled run changes their status without anyone asking. */
const useSources = () =>
  useQuery({
    queryKey: SOURCES_KEY,
    queryFn: ({ signal }) => getJson<{ sources: SourceItem[] }>('/api/v1/sources', undefined, signal),
    refetchInterval: (query) => (query.state.data?.sources.some((s) => s.running) ? 2000 : 15_000),
  });

const useSourceRuns = (id: number) =>
  useQuery({
    queryKey: [...SOURCES_KEY, id, 'runs'],
    queryFn: ({ signal }) => getJson<{ runs: SourceRun[] }>(`/api/v1/sources/${id}/runs`, undefined, signal),
    refetchInterval: 5000,
  });

function useSourceWrites() {
  const client = useQueryClient();
  const settled = () => client.invalidateQueries({ queryKey: SOURCES_KEY });
  return {
    save: useMutation({
      mutationFn: ({ id, body }: { id: number | null; body: Partial<SourceInput> }) =>
        id === null
          ? sendJson<SourceItem>('POST', '/api/v1/sources', body)
          : sendJson<SourceItem>('PATCH', `/api/v1/sources/${id}`, body),
      onSettled: settled,
    }),
    run: useMutation({
      mutationFn: (id: number) => sendJson<{ runId: number }>('POST', `/api/v1/sources/${id}/run`),
      onSettled: settled,
    }),
    remove: useMutation({
      mutationFn: (source: SourceItem) => sendJson<null>('DELETE', `/api/v1/sources/${source.id}`),
      onSettled: settled,
    }),
  };
}

const STATUS_COLOR: Record<SourceRunStatus, string> = {
  running: 'blue',
  succeeded: 'teal',
  skipped: 'gray',
  retrying: 'orange',
  failed: 'red',
};

function StatusBadge({ status }: { status: SourceRunStatus | 'never' | 'disabled' }) {
  const { t } = useI18n();
  const color = status === 'never' || status === 'disabled' ? 'gray' : STATUS_COLOR[status];
  return (
    <Badge tt="none" variant="light" color={color} radius="sm" style={{ minWidth: 'max-content' }}>
      {t(`sources.status.${status}`)}
    </Badge>
  );
}

/** Add or change a source; every refusal of the server is shown on its field. */
function SourceForm({ source, onClose }: { source: SourceItem | null; onClose: () => void }) {
  const { t } = useI18n();
  const { save } = useSourceWrites();
  const mappings = useSavedMappings();
  const [name, setName] = useState(source?.name ?? '');
  const [kind, setKind] = useState<SourceKind>(source?.kind ?? 'url');
  const [location, setLocation] = useState(source?.location ?? '');
  const [headerName, setHeaderName] = useState(source?.header?.name ?? '');
  const [headerValue, setHeaderValue] = useState('');
  const [mappingName, setMappingName] = useState<string | null>(source?.mappingName ?? null);
  const [snapshot, setSnapshot] = useState<string[]>(source?.snapshot ?? []);
  const [schedule, setSchedule] = useState(source?.schedule ?? '0 6 * * 1-5');
  const [enabled, setEnabled] = useState(source?.enabled ?? true);
  const fieldError = fieldErrorOf(save.error);
  const formError = save.error && !fieldError ? save.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const header = kind === 'url' && headerName.trim() !== '' ? headerName.trim() : null;
    const body: Partial<SourceInput> = {
      name: name.trim(),
      location: location.trim(),
      headerName: header,
      ...(header !== null && headerValue !== '' ? { headerValue } : {}),
      ...(source?.mapping && mappingName === null ? {} : { mappingName }),
      snapshot: snapshot as SourceInput['snapshot'],
      schedule: schedule.trim(),
      enabled,
      ...(source === null ? { kind } : {}),
    };
    save.mutate({ id: source?.id ?? null, body }, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        <Text fw={650}>{source ? t('sources.editTitle', { name: source.name }) : t('sources.addTitle')}</Text>
      }
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label={t('sources.name')}
            required
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={messageFor(fieldError, 'name')}
            data-testid="source-name"
          />
          {source === null && (
            <SegmentedControl
              value={kind}
              onChange={(value) => setKind(value as SourceKind)}
              data={[
                { value: 'url', label: t('sources.kind.url') },
                { value: 'folder', label: t('sources.kind.folder') },
              ]}
              aria-label={t('sources.kind')}
              data-testid="source-kind"
            />
          )}
          <TextInput
            label={kind === 'url' ? t('sources.url') : t('sources.folder')}
            description={kind === 'url' ? t('sources.urlHint') : t('sources.folderHint')}
            required
            value={location}
            onChange={(event) => setLocation(event.currentTarget.value)}
            error={messageFor(fieldError, 'location')}
            data-testid="source-location"
          />
          {kind === 'url' && (
            <Group grow align="flex-start">
              <TextInput
                label={t('sources.headerName')}
                placeholder="Authorization"
                value={headerName}
                onChange={(event) => setHeaderName(event.currentTarget.value)}
                error={messageFor(fieldError, 'headerName')}
                data-testid="source-header-name"
              />
              <PasswordInput
                label={t('sources.headerValue')}
                placeholder={source?.header ? source.header.value : ''}
                description={source?.header ? t('sources.headerKeep') : undefined}
                value={headerValue}
                onChange={(event) => setHeaderValue(event.currentTarget.value)}
                error={messageFor(fieldError, 'headerValue')}
                data-testid="source-header-value"
              />
            </Group>
          )}
          <Select
            label={t('sources.mapping')}
            description={source?.mapping ? t('sources.mappingInline') : t('sources.mappingHint')}
            placeholder={t('sources.mappingNone')}
            clearable
            data={(mappings.data ?? []).map((m) => m.name)}
            value={mappingName}
            onChange={setMappingName}
            error={messageFor(fieldError, 'mappingName') ?? messageFor(fieldError, 'mapping')}
            data-testid="source-mapping"
          />
          <MultiSelect
            label={t('sources.snapshot')}
            description={t('sources.snapshotHint')}
            data={MAPPABLE_TABLES.map((table) => ({ value: table, label: table }))}
            value={snapshot}
            onChange={setSnapshot}
            error={messageFor(fieldError, 'snapshot')}
            data-testid="source-snapshot"
          />
          <TextInput
            label={t('sources.schedule')}
            description={t('sources.scheduleHint')}
            required
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            value={schedule}
            onChange={(event) => setSchedule(event.currentTarget.value)}
            error={messageFor(fieldError, 'schedule')}
            data-testid="source-schedule"
          />
          <Switch
            label={t('sources.enabled')}
            checked={enabled}
            onChange={(event) => setEnabled(event.currentTarget.checked)}
            data-testid="source-enabled"
          />
          <FormError>{formError}</FormError>
          <FormFooter
            label={source ? t('sources.save') : t('sources.add')}
            onCancel={onClose}
            busy={save.isPending}
            disabled={!name.trim() || !location.trim() || !schedule.trim()}
            testId="source-submit"
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** A source's last runs, newest first, each with its message and the import it made. */
function RunLog({ source, onClose }: { source: SourceItem; onClose: () => void }) {
  const { t } = useI18n();
  const { instant, number } = useFormat();
  const runs = useSourceRuns(source.id);
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={<Text fw={650}>{t('sources.runsTitle', { name: source.name })}</Text>}
    >
      {runs.isPending ? (
        <Skeleton h={80} />
      ) : (runs.data?.runs.length ?? 0) === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('sources.noRuns')}
        </Text>
      ) : (
        <Box className={classes.tableWrap}>
          <Table fz="sm" verticalSpacing={6} data-testid="source-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sources.started')}</Table.Th>
                <Table.Th>{t('sources.trigger')}</Table.Th>
                <Table.Th>{t('sources.statusColumn')}</Table.Th>
                <Table.Th>{t('sources.message')}</Table.Th>
                <Table.Th ta="right">{t('sources.bytes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data?.runs.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{instant(run.startedAt, true)}</Table.Td>
                  <Table.Td>
                    {t(`sources.trigger.${run.trigger as 'schedule' | 'retry' | 'manual' | 'cli'}`)}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={run.status} />
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{run.message ?? ''}</Table.Td>
                  <Table.Td ta="right">{run.bytes === null ? '—' : number(run.bytes)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </Modal>
  );
}

/**
 * Scheduled sources (admins): URLs and server folders pulled on a cron schedule, each run an import
 * in the history. A failing source shows its reason and its next try here.
 */
export function SourcesPanel() {
  const { t } = useI18n();
  const { instant } = useFormat();
  const sources = useSources();
  const { run, remove } = useSourceWrites();
  const [editing, setEditing] = useState<SourceItem | 'new' | null>(null);
  const [logOf, setLogOf] = useState<SourceItem | null>(null);
  const [removing, setRemoving] = useState<SourceItem | null>(null);
  const list = sources.data?.sources ?? [];

  return (
    <Box className={classes.section} data-testid="sources-panel">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <div>
            <Title order={2} fz="h4">
              {t('sources.title')}
            </Title>
            <Text fz="sm" c="dimmed" mt={2}>
              {t('sources.text')}
            </Text>
          </div>
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="source-new"
          >
            {t('sources.new')}
          </Button>
        </Group>
        {sources.isError && <FormError>{sources.error.message}</FormError>}
        {run.error && <FormError>{run.error.message}</FormError>}
        {sources.isPending ? (
          <Skeleton h={60} />
        ) : list.length === 0 ? (
          <Text fz="sm" c="dimmed" data-testid="sources-empty">
            {t('sources.empty')}
          </Text>
        ) : (
          <Box className={classes.tableWrap}>
            <Table fz="sm" verticalSpacing={6} data-testid="source-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('sources.name')}</Table.Th>
                  <Table.Th>{t('sources.schedule')}</Table.Th>
                  <Table.Th>{t('sources.statusColumn')}</Table.Th>
                  <Table.Th>{t('sources.lastRun')}</Table.Th>
                  <Table.Th>{t('sources.nextRun')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((source) => (
                  <Table.Tr key={source.id} data-testid={`source-${source.id}`}>
                    <Table.Td>
                      <Text fz="sm" fw={600}>
                        {source.name}
                      </Text>
                      <Text fz="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {t(`sources.kind.${source.kind}`)} · {source.location}
                      </Text>
                    </Table.Td>
                    <Table.Td ff="monospace">{source.schedule}</Table.Td>
                    <Table.Td>
                      <StatusBadge
                        status={
                          source.running
                            ? 'running'
                            : !source.enabled
                              ? 'disabled'
                              : (source.lastStatus ?? 'never')
                        }
                      />
                      {(source.lastStatus === 'failed' || source.lastStatus === 'retrying') && (
                        <Text
                          fz="xs"
                          c="red"
                          mt={4}
                          style={{ wordBreak: 'break-word' }}
                          data-testid={`source-error-${source.id}`}
                        >
                          {source.lastMessage}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {source.lastRunAt ? instant(source.lastRunAt, true) : '—'}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {source.nextRunAt ? instant(source.nextRunAt, true) : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Button
                          size="compact-sm"
                          variant="light"
                          leftSection={<IconPlayerPlay size={14} />}
                          disabled={source.running}
                          loading={run.isPending && run.variables === source.id}
                          onClick={() => run.mutate(source.id)}
                          aria-label={t('sources.runNamed', { name: source.name })}
                          data-testid={`source-run-${source.id}`}
                        >
                          {t('sources.run')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => setLogOf(source)}
                          data-testid={`source-log-${source.id}`}
                        >
                          {t('sources.runs')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => setEditing(source)}
                          data-testid={`source-edit-${source.id}`}
                        >
                          {t('sources.edit')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          onClick={() => setRemoving(source)}
                          data-testid={`source-remove-${source.id}`}
                        >
                          {t('sources.remove')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        )}
      </Stack>
      {editing !== null && (
        <SourceForm source={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {logOf && <RunLog source={logOf} onClose={() => setLogOf(null)} />}
      {removing && (
        <ConfirmMutation
          value={removing}
          mutation={remove}
          title={t('sources.removeTitle', { name: removing.name })}
          confirmLabel={t('sources.remove')}
          onClose={() => setRemoving(null)}
        >
          {t('sources.removeText')}
        </ConfirmMutation>
      )}
    </Box>
  );
}
