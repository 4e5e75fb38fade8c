import { Alert, Badge, Box, Checkbox, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconFileSpreadsheet } from '@tabler/icons-react';
import { memo, useCallback, useEffect, useId, useMemo } from 'react';
import {
  DATE_FORMATS,
  type DateFormat,
  type FilePreview,
  MAPPABLE_TABLES,
  type MappableTable,
  type Mapping,
} from '../../../../src/core/contracts/mapping.ts';
import { en, type MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { NameText } from '../../ui/name-text.tsx';
import { ColumnMappingTable } from './column-mapping-table.tsx';
import { emptyMapping, withTable } from './mapping-edit.ts';
import classes from './mapping-screen.module.css';
import { PreviewGrid } from './preview-grid.tsx';
import { SavedMappings } from './saved-mappings.tsx';
import { useImportFormats } from './use-data-api.ts';
import { fileKey, useDebounced, useFilePreview } from './use-mapping-api.ts';
import { ValueTranslations } from './value-translations.tsx';

/** What the import needs to know of a file once previewed: its table, and its mapping if it has one. */
export interface ResolvedFile {
  table: MappableTable | null;
  /** Null for a file in UDN's own format (or one not yet mapped). */
  mapping: Mapping | null;
}

/** Whether a file goes through the preview: CSV and workbooks, not org.json. */
export const isPreviewable = (file: File) => /\.(csv|txt|tsv|xlsx)$/i.test(file.name);

/** A preset's own text in the reader's language, when the catalogue has it (every shipped preset). */
function presetText(presetId: string, suffix: '' | '.cannot'): MessageKey | undefined {
  const key = `data.preset.${presetId}${suffix}`;
  return key in en ? (key as MessageKey) : undefined;
}

/** What the recognised export cannot tell UDN, so nobody expects a KPI it cannot feed. */
function PresetLimits({ preview }: { preview: FilePreview }) {
  const { t } = useI18n();
  const recognition = preview.recognition;
  if (recognition.kind !== 'preset') return null;
  const key = presetText(recognition.preset, '.cannot');
  const text = key ? t(key) : recognition.cannot;
  if (!text) return null;
  return (
    <Text fz="xs" c="dimmed" data-testid="preset-cannot">
      {t('data.map.cannot', { text })}
    </Text>
  );
}

function RecognitionBadge({ preview }: { preview: FilePreview }) {
  const { t } = useI18n();
  const recognition = preview.recognition;
  const [color, text] =
    recognition.kind === 'udn'
      ? ['teal', t('data.map.udnFile', { table: recognition.table })]
      : recognition.kind === 'preset'
        ? [
            'blue',
            t('data.map.preset', {
              label: ((key) => (key ? t(key) : recognition.label))(presetText(recognition.preset, '')),
            }),
          ]
        : ['gray', t('data.map.unknown')];
  return (
    <Badge variant="light" color={color} radius="sm" tt="none" data-testid="recognition">
      {text}
    </Badge>
  );
}

/** The mapping's table, sheet, date layout and decimal mark. */
function MappingSettings({
  preview,
  mapping,
  onChange,
}: {
  preview: FilePreview;
  mapping: Mapping;
  onChange: (mapping: Mapping) => void;
}) {
  const { t } = useI18n();
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Select
        label={t('data.map.table')}
        data={MAPPABLE_TABLES.map((table) => ({ value: table, label: table }))}
        value={mapping.table}
        onChange={(value) => value && onChange(withTable(mapping, value as MappableTable))}
        allowDeselect={false}
        size="xs"
        w={130}
        data-testid="map-table"
      />
      {preview.sheets && preview.sheets.length > 0 && (
        <Select
          label={t('data.map.sheet')}
          data={preview.sheets}
          value={mapping.sheet ?? preview.sheet ?? preview.sheets[0] ?? null}
          onChange={(value) => value && onChange({ ...mapping, sheet: value })}
          allowDeselect={false}
          size="xs"
          w={160}
          data-testid="map-sheet"
        />
      )}
      <Select
        label={t('data.map.dates')}
        data={DATE_FORMATS.map((value) => ({
          value,
          label:
            value === 'auto' || value === 'iso' || value === 'excel' ? t(`data.map.date.${value}`) : value,
        }))}
        value={mapping.dates}
        onChange={(value) => value && onChange({ ...mapping, dates: value as DateFormat })}
        allowDeselect={false}
        size="xs"
        w={190}
        data-testid="map-dates"
      />
      <Select
        label={t('data.map.decimal')}
        data={[
          { value: '.', label: t('data.map.decimalDot') },
          { value: ',', label: t('data.map.decimalComma') },
        ]}
        value={mapping.decimal}
        onChange={(value) => (value === '.' || value === ',') && onChange({ ...mapping, decimal: value })}
        allowDeselect={false}
        size="xs"
        w={160}
        data-testid="map-decimal"
      />
      <Select
        label={t('data.map.createReps')}
        data={(['when-none', 'always', 'never'] as const).map((value) => ({
          value,
          label: t(`data.map.createReps.${value}`),
        }))}
        value={mapping.createReps}
        onChange={(value) =>
          (value === 'when-none' || value === 'always' || value === 'never') &&
          onChange({ ...mapping, createReps: value })
        }
        allowDeselect={false}
        size="xs"
        w={250}
        data-testid="map-create-reps"
      />
    </Group>
  );
}

/**
 * One dropped file: what UDN recognised it as, its columns against UDN's fields, the value
 * translations, and its first rows as they would be read, each problem on its cell. Every edit asks
 * the preview again once editing pauses.
 */
export const MappingFileCard = memo(function MappingFileCard({
  file,
  mapping,
  snapshot,
  onMappingChange,
  onSnapshotChange,
  onResolved,
}: {
  file: File;
  /** The mapping as edited here; null until the first edit (the server's guess is used). */
  mapping: Mapping | null;
  snapshot: ReadonlySet<MappableTable>;
  /** Stable across renders, like the other callbacks: the card redraws only when its own inputs change. */
  onMappingChange: (fileName: string, mapping: Mapping) => void;
  onSnapshotChange: (table: MappableTable, on: boolean) => void;
  /** Stable across renders: it is called from an effect. */
  onResolved: (key: string, resolved: ResolvedFile) => void;
}) {
  const { t } = useI18n();
  const idPrefix = useId().replace(/:/g, '');
  const asked = useDebounced(mapping, 350);
  const preview = useFilePreview(file, asked);
  const data = preview.data ?? undefined;
  const formats = useImportFormats();
  const recognition = data?.recognition;
  const guessed = data?.mapping ?? null;
  const unknown = recognition?.kind === 'unknown';
  // Memoised: the import hears of it in an effect, and a new object each render would loop.
  const effective: Mapping | null = useMemo(
    () => mapping ?? guessed ?? (unknown ? emptyMapping('deals') : null),
    [mapping, guessed, unknown],
  );
  const table: MappableTable | null =
    recognition?.kind === 'udn' ? recognition.table : (effective?.table ?? null);
  const required = useMemo(() => {
    const format = formats.data?.find((candidate) => candidate.file === `${table}.csv`);
    return new Set(format?.columns.filter((column) => column.required).map((column) => column.name));
  }, [formats.data, table]);

  const edit = useCallback((next: Mapping) => onMappingChange(file.name, next), [onMappingChange, file.name]);
  const udn = recognition?.kind === 'udn';
  useEffect(() => {
    if (!recognition) return;
    onResolved(fileKey(file), { table, mapping: udn ? null : effective });
  }, [file, recognition, table, udn, effective, onResolved]);

  return (
    <Box className={classes.card} data-testid="mapping-card" data-file={file.name}>
      <Stack gap="md">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs" wrap="wrap" className={classes.fileName}>
            <Group gap={6} wrap="nowrap" align="flex-start" className={classes.minZero}>
              <IconFileSpreadsheet size={18} aria-hidden className={classes.noShrink} />
              <Text fw={600} fz="sm" className={`${classes.breakAnywhere} ${classes.minZero}`}>
                <NameText>{file.name}</NameText>
              </Text>
            </Group>
            {data && <RecognitionBadge preview={data} />}
            {/* Its room is kept while idle, so the header does not shift at each preview. */}
            <Box className={classes.loaderSlot}>
              {preview.isFetching && <Loader size="xs" role="status" aria-label={t('data.map.previewing')} />}
            </Box>
          </Group>
          {table && (
            <Checkbox
              size="xs"
              label={t('data.map.snapshot', { table })}
              checked={snapshot.has(table)}
              onChange={(event) => onSnapshotChange(table, event.currentTarget.checked)}
              data-testid="snapshot-checkbox"
            />
          )}
        </Group>
        {data && <PresetLimits preview={data} />}
        {preview.isError && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('data.map.previewFailed')}>
            {preview.error.message}
          </Alert>
        )}
        {!data && preview.isPending && (
          <Loader size="sm" role="status" aria-label={t('data.map.previewing')} />
        )}
        {data && effective && !udn && (
          <>
            <MappingSettings preview={data} mapping={effective} onChange={edit} />
            <ColumnMappingTable
              preview={data}
              mapping={effective}
              required={required}
              idPrefix={idPrefix}
              onChange={edit}
            />
            <ValueTranslations preview={data} mapping={effective} idPrefix={idPrefix} onChange={edit} />
            <SavedMappings mapping={effective} onPick={edit} />
          </>
        )}
        {data && <PreviewGrid preview={data} idPrefix={idPrefix} />}
      </Stack>
    </Box>
  );
});
