import {
  Alert,
  Badge,
  Box,
  Button,
  CloseButton,
  Group,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleMinus,
  IconFileTypeCsv,
  IconListCheck,
  IconUpload,
} from '@tabler/icons-react';
import { type DragEvent, useCallback, useRef, useState } from 'react';
import type { MappableTable, Mapping } from '../../../../src/core/contracts/mapping.ts';
import type { ImportEncodingChoice, ImportJob, ImportResult } from '../../api/types.ts';
import { useCancelImport, useImportJob } from '../../api/use-imports.ts';
import { type Translate, useI18n } from '../../i18n/i18n-context.tsx';
import { isolated, NameText } from '../../ui/name-text.tsx';
import { useFormat } from '../../ui/use-format.ts';
import classes from './data-page.module.css';
import { RefusedErrors } from './error-groups.tsx';
import { isPreviewable, MappingFileCard, type ResolvedFile } from './mapping-screen.tsx';
import { MassDeleteDialog } from './mass-delete-dialog.tsx';
import { fileKey, type MappedUploadRequest, useMappedImport } from './use-mapping-api.ts';

const ACCEPT =
  '.csv,.json,.xlsx,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A snapshot that would remove more than half a table is refused until confirmed: the import job
 * it started says so (`massDelete`), and the dialog sends the same files again, allowed.
 */
function massDeleteRefusal(result: ImportResult | null | undefined, t: Translate): string | null {
  if (!result || result.ok || !result.massDelete?.length) return null;
  return result.massDelete
    .map((m) => t('data.massDelete.what', { table: m.table, removing: m.removing, stored: m.stored }))
    .join(' ');
}

function warningText(warning: ImportResult['warnings'][number]): string {
  if (typeof warning === 'string') return warning;
  // An ignored file's name is whatever the sender called it: isolated, so it cannot reorder the line.
  const where = [isolated(warning.file), warning.line, warning.column].filter(
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
  // A dry run and removals come from the server since issue 13; older results have neither.
  const dryRun = 'dryRun' in result && result.dryRun === true;
  const removedOf = (file: ImportResult['files'][number]): number | null =>
    'removed' in file && typeof file.removed === 'number' ? file.removed : null;
  const anyRemoved = result.files.some((file) => removedOf(file) !== null);
  return (
    <Stack gap="sm" data-testid={dryRun ? 'import-checked' : 'import-success'}>
      {dryRun ? (
        <Alert color="blue" icon={<IconCircleCheck size={18} />} title={t('data.check.title')}>
          {t('data.check.body')}
        </Alert>
      ) : result.changed ? (
        <Alert color="teal" icon={<IconCircleCheck size={18} />} title={t('data.importedTitle')}>
          {t('data.imported')}
        </Alert>
      ) : (
        <Alert color="gray" icon={<IconCircleMinus size={18} />} title={t('data.job.noChangesTitle')}>
          {t('data.job.noChanges')}
        </Alert>
      )}
      <Box className={classes.tableWrap}>
        <Table fz="sm" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('data.file')}</Table.Th>
              <Table.Th ta="right">{t('data.rows')}</Table.Th>
              <Table.Th ta="right">{t('data.inserted')}</Table.Th>
              <Table.Th ta="right">{t('data.updated')}</Table.Th>
              <Table.Th ta="right">{t('data.unchanged')}</Table.Th>
              {anyRemoved && <Table.Th ta="right">{t('data.removed')}</Table.Th>}
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
                {anyRemoved && (
                  <Table.Td ta="right" className="udn-num" data-testid="removed-count">
                    {format.number(removedOf(file) ?? 0)}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      {result.warnings.length > 0 && <Warnings warnings={result.warnings} />}
    </Stack>
  );
}

const ENCODINGS: ImportEncodingChoice[] = ['utf-8', 'latin1', 'utf-16'];

/** A running import: the file being read, how much of it, the rows so far, and a way to stop it. */
function JobProgress({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const format = useFormat();
  const cancel = useCancelImport();
  const progress = job.progress;
  const percent = progress && progress.totalBytes > 0 ? (100 * progress.bytes) / progress.totalBytes : 0;
  return (
    <Stack gap="xs" data-testid="import-progress" aria-live="polite">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text fz="sm" fw={600}>
          {progress
            ? t('data.job.importing', { file: progress.file })
            : t('data.job.starting', { id: format.number(job.id) })}
        </Text>
        <Button
          size="xs"
          variant="default"
          color="red"
          loading={cancel.isPending}
          onClick={() => cancel.mutate(job.id)}
          data-testid="cancel-import"
        >
          {t('data.job.cancel')}
        </Button>
      </Group>
      <Progress value={percent} animated={!progress} aria-label={t('data.job.progressLabel')} />
      {progress && (
        <Text fz="xs" c="dimmed" className="udn-num">
          {t('data.job.progress', {
            percent: format.number(Math.floor(percent)),
            rows: format.number(progress.rows),
          })}
        </Text>
      )}
      {cancel.isError && (
        <Text fz="sm" c="red">
          {cancel.error.message}
        </Text>
      )}
    </Stack>
  );
}

/** Where an upload's job is: its progress while it runs, then its result as the import gave it. */
function JobView({ id }: { id: number }) {
  const { t } = useI18n();
  const job = useImportJob(id).data;
  if (!job || job.status === 'running') {
    return job ? (
      <JobProgress job={job} />
    ) : (
      <Progress value={0} animated aria-label={t('data.job.progressLabel')} />
    );
  }
  if (job.result) return <ResultView result={job.result} />;
  return (
    <Alert
      color={job.status === 'cancelled' ? 'gray' : 'red'}
      icon={<IconAlertTriangle size={18} />}
      title={t(job.status === 'cancelled' ? 'data.job.cancelledTitle' : 'data.failedTitle')}
      data-testid="import-ended"
    >
      {t(job.status === 'cancelled' ? 'data.job.cancelled' : 'data.job.interrupted')}
    </Alert>
  );
}

/**
 * Pick or drop files — UDN's own, CRM exports, workbooks — each mapped on the screen below with its
 * preview; the import is all or nothing, like `udn import`.
 */
export function UploadPanel() {
  const { t } = useI18n();
  const upload = useMappedImport();
  const [encoding, setEncoding] = useState<ImportEncodingChoice>('utf-8');
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [edited, setEdited] = useState<ReadonlyMap<string, Mapping>>(new Map());
  const [resolved, setResolved] = useState<ReadonlyMap<string, ResolvedFile>>(new Map());
  const [snapshot, setSnapshot] = useState<ReadonlySet<MappableTable>>(new Set());
  const onResolved = useCallback((key: string, next: ResolvedFile) => {
    setResolved((current) => {
      const known = current.get(key);
      if (known && known.table === next.table && known.mapping === next.mapping) return current;
      return new Map(current).set(key, next);
    });
  }, []);
  const onMappingChange = useCallback((name: string, mapping: Mapping) => {
    setEdited((current) => new Map(current).set(name, mapping));
  }, []);
  const onSnapshotChange = useCallback((table: MappableTable, on: boolean) => {
    setSnapshot((current) => {
      const next = new Set(current);
      if (on) next.add(table);
      else next.delete(table);
      return next;
    });
  }, []);
  const request = (allowMassDelete: boolean): MappedUploadRequest => {
    const mappings: Record<string, Mapping> = {};
    const tables = new Set<MappableTable>();
    for (const file of files) {
      const entry = resolved.get(fileKey(file));
      if (entry?.mapping) mappings[file.name] = entry.mapping;
      if (entry?.table) tables.add(entry.table);
    }
    return {
      files,
      mappings,
      // Only tables some file of this import holds: a ticked box of a file since removed says nothing.
      snapshot: [...snapshot].filter((table) => tables.has(table)),
      allowMassDelete,
      ...(encoding === 'utf-8' ? {} : { encoding }),
    };
  };
  // What was last sent: a refused mass delete is confirmed by sending it again, allowed.
  const [sent, setSent] = useState<MappedUploadRequest | null>(null);
  const [dismissedJob, setDismissedJob] = useState<number | null>(null);
  const send = (next: MappedUploadRequest) => {
    setSent(next);
    upload.mutate(next, {
      onSuccess: () => {
        // A check writes nothing: the files stay, to be imported once they look right.
        if (next.dryRun) return;
        setFiles([]);
        setEdited(new Map());
        setResolved(new Map());
        setSnapshot(new Set());
      },
    });
  };
  const [over, setOver] = useState(false);
  const jobId = upload.data?.id ?? null;
  const job = useImportJob(jobId).data;
  const running = job?.status === 'running';
  const jobRefusal = jobId !== dismissedJob ? massDeleteRefusal(job?.result, t) : null;
  const massDelete = jobRefusal;

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
                    aria-label={t('data.removeFile', { name: isolated(file.name) })}
                    onClick={() => setFiles((current) => current.filter((item) => item !== file))}
                  />
                }
                tt="none"
              >
                <NameText>{file.name}</NameText>
              </Badge>
            ))}
          </Group>
        )}
        {files.filter(isPreviewable).map((file) => {
          const key = fileKey(file);
          return (
            <MappingFileCard
              key={key}
              file={file}
              // Edits follow the file's name: a corrected file dropped again keeps its mapping.
              mapping={edited.get(file.name) ?? null}
              snapshot={snapshot}
              onMappingChange={onMappingChange}
              onSnapshotChange={onSnapshotChange}
              onResolved={onResolved}
            />
          );
        })}
        <Group justify="flex-end" align="flex-end" gap="xs">
          <Select
            label={t('data.encoding.label')}
            data={ENCODINGS.map((value) => ({ value, label: t(`data.encoding.${value}`) }))}
            value={encoding}
            onChange={(value) => value && setEncoding(value as ImportEncodingChoice)}
            allowDeselect={false}
            w={180}
            mr="auto"
            data-testid="encoding-select"
          />
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
            variant="default"
            leftSection={<IconListCheck size={16} />}
            disabled={files.length === 0 || running}
            loading={upload.isPending && upload.variables?.dryRun === true}
            onClick={() => send({ ...request(false), dryRun: true })}
            data-testid="check-button"
          >
            {t('data.check.button')}
          </Button>
          <Button
            leftSection={<IconUpload size={16} />}
            disabled={files.length === 0}
            loading={upload.isPending || running}
            onClick={() => send(request(false))}
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
        {jobId !== null && <JobView id={jobId} />}
        {massDelete !== null && sent && (
          <MassDeleteDialog
            message={massDelete}
            busy={upload.isPending}
            onConfirm={() => {
              setDismissedJob(jobId);
              send({ ...sent, allowMassDelete: true });
            }}
            onClose={() => setDismissedJob(jobId)}
          />
        )}
      </Stack>
    </Box>
  );
}
