import { Badge, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import type { FilePreview, Mapping } from '../../../../src/core/contracts/mapping.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { NameText } from '../../ui/name-text.tsx';
import {
  distinctValues,
  OWNER_FIELDS,
  TRANSLATED_FIELDS,
  translationOf,
  withOtherwise,
  withValue,
} from './mapping-edit.ts';
import classes from './mapping-screen.module.css';

// Empty: no UDN value is empty.
const UNSET = '';

/** Each distinct source value of a translated field (deal stages…) with the UDN value it becomes. */
function FieldTranslations({
  preview,
  mapping,
  field,
  targets,
  idPrefix,
  onChange,
}: {
  preview: FilePreview;
  mapping: Mapping;
  field: string;
  targets: readonly string[];
  idPrefix: string;
  onChange: (mapping: Mapping) => void;
}) {
  const { t } = useI18n();
  const rule = mapping.fields[field];
  if (!rule?.column) return null;
  const values = distinctValues(preview, mapping, field);
  const options = targets.map((value) => ({ value, label: value }));
  return (
    <Stack gap={6} data-testid={`translations-${field}`}>
      <Text fz="sm" fw={600}>
        {t('data.map.translationsOf', { field, column: rule.column })}
      </Text>
      <div className={classes.valueGrid}>
        {values.map((source, index) => {
          const labelId = `${idPrefix}-value-${field}-${index}`;
          return (
            <div key={source} className={classes.valueRow} data-testid="value-translation">
              <Text id={labelId} fz="sm" className={classes.mono} data-testid="value-source">
                <NameText>{source}</NameText>
              </Text>
              <NativeSelect
                aria-labelledby={labelId}
                data={[{ value: UNSET, label: t('data.map.unset') }, ...options]}
                value={translationOf(rule, source) ?? UNSET}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  if (value !== UNSET) onChange(withValue(mapping, field, source, value));
                }}
                size="xs"
                data-testid={`value-select-${source}`}
              />
            </div>
          );
        })}
        <div className={classes.valueRow}>
          <Text id={`${idPrefix}-otherwise-${field}`} fz="sm" c="dimmed">
            {t('data.map.otherwise')}
          </Text>
          <NativeSelect
            aria-labelledby={`${idPrefix}-otherwise-${field}`}
            data={[{ value: UNSET, label: t('data.map.otherwiseError') }, ...options]}
            value={rule.otherwise ?? UNSET}
            onChange={(event) => {
              const value = event.currentTarget.value;
              onChange(withOtherwise(mapping, field, value === UNSET ? null : value));
            }}
            size="xs"
            data-testid={`otherwise-select-${field}`}
          />
        </div>
      </div>
    </Stack>
  );
}

/** Owners as the import would take them: matching a rep, to be created, or refused. */
function OwnerMatches({ preview, mapping }: { preview: FilePreview; mapping: Mapping }) {
  const { t } = useI18n();
  const field = Object.keys(mapping.fields).find((name) => OWNER_FIELDS.has(name));
  if (!field) return null;
  const owners = distinctValues(preview, mapping, field);
  if (owners.length === 0) return null;
  const unmatched = new Map(
    preview.unmatchedOwners.map((owner) => [owner.value.trim().toLowerCase(), owner]),
  );
  return (
    <Stack gap={6} data-testid="owner-matches">
      <Text fz="sm" fw={600}>
        {t('data.map.owners', { column: mapping.fields[field]?.column ?? field })}
      </Text>
      <ul className={classes.ownerList}>
        {owners.map((owner) => {
          const miss = unmatched.get(owner.trim().toLowerCase());
          return (
            <li key={owner} className={classes.ownerItem} data-testid="owner-match">
              <Text fz="sm" className={classes.mono} truncate="end">
                <NameText>{owner}</NameText>
              </Text>
              <Badge
                variant="light"
                radius="sm"
                tt="none"
                color={miss ? (miss.create ? 'blue' : 'red') : 'teal'}
                className={classes.noShrink}
              >
                {miss
                  ? t(miss.create ? 'data.map.ownerCreated' : 'data.map.ownerUnknown')
                  : t('data.map.ownerMatches')}
              </Badge>
            </li>
          );
        })}
      </ul>
    </Stack>
  );
}

/** How values translate: the translated fields of the table, and how owners find their reps. */
export function ValueTranslations({
  preview,
  mapping,
  idPrefix,
  onChange,
}: {
  preview: FilePreview;
  mapping: Mapping;
  idPrefix: string;
  onChange: (mapping: Mapping) => void;
}) {
  const { t } = useI18n();
  const translated = Object.entries(TRANSLATED_FIELDS[mapping.table] ?? {}).filter(
    ([field]) => mapping.fields[field]?.column,
  );
  const hasOwner = Object.keys(mapping.fields).some((name) => OWNER_FIELDS.has(name));
  if (translated.length === 0 && !hasOwner) return null;
  return (
    <Stack gap="sm">
      <Title order={4} fz="sm">
        {t('data.map.translationsTitle')}
      </Title>
      <Group align="flex-start" gap="xl" className={classes.translations}>
        {translated.map(([field, targets]) => (
          <FieldTranslations
            key={field}
            preview={preview}
            mapping={mapping}
            field={field}
            targets={targets}
            idPrefix={idPrefix}
            onChange={onChange}
          />
        ))}
        <OwnerMatches preview={preview} mapping={mapping} />
      </Group>
    </Stack>
  );
}
