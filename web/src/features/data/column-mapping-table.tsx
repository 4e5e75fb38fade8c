import { NativeSelect, Text, VisuallyHidden } from '@mantine/core';
import { type FilePreview, type Mapping, TABLE_FIELDS } from '../../../../src/core/contracts/mapping.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { withColumn } from './mapping-edit.ts';
import classes from './mapping-screen.module.css';

// Empty: no source column is named so (the mapping trims and requires a name).
const NONE = '';

/**
 * Side by side: each UDN field of the mapped table, the source column it is read from (a select of
 * the file's header) and that column's first values, so a wrong choice shows at a glance.
 */
export function ColumnMappingTable({
  preview,
  mapping,
  required,
  idPrefix,
  onChange,
}: {
  preview: FilePreview;
  mapping: Mapping;
  required: ReadonlySet<string>;
  idPrefix: string;
  onChange: (mapping: Mapping) => void;
}) {
  const { t } = useI18n();
  const options = [
    { value: NONE, label: t('data.map.notMapped') },
    ...preview.columns.map((column) => ({ value: column.name, label: column.name })),
  ];
  return (
    <div className={classes.fieldGrid} data-testid="column-mapping">
      <Text fz="xs" fw={600} c="dimmed" className={classes.fieldHead} aria-hidden>
        {t('data.map.udnField')}
      </Text>
      <Text fz="xs" fw={600} c="dimmed" className={classes.fieldHead} aria-hidden>
        {t('data.map.sourceColumn')}
      </Text>
      <Text fz="xs" fw={600} c="dimmed" className={`${classes.fieldHead} ${classes.samplesHead}`} aria-hidden>
        {t('data.map.samples')}
      </Text>
      {TABLE_FIELDS[mapping.table].map((field) => {
        const rule = mapping.fields[field];
        const column = rule?.column
          ? preview.columns.find((candidate) => candidate.name.toLowerCase() === rule.column?.toLowerCase())
          : undefined;
        const labelId = `${idPrefix}-field-${field}`;
        // A mapped column the header lacks stays selectable, named as missing, instead of vanishing.
        const missing = rule?.column && !column ? rule.column : null;
        const fieldOptions = missing
          ? [...options, { value: missing, label: t('data.map.missingColumn', { column: missing }) }]
          : options;
        const isRequired = required.has(field);
        return (
          <div key={field} className={classes.fieldRow} data-testid={`map-field-${field}`}>
            <Text id={labelId} fz="sm" className={classes.mono} fw={isRequired ? 700 : 400}>
              {field}
              {isRequired && (
                <>
                  <Text span c="red" ml={4} fz="sm" aria-hidden>
                    *
                  </Text>
                  <VisuallyHidden> ({t('data.required')})</VisuallyHidden>
                </>
              )}
            </Text>
            {rule?.constant !== undefined ? (
              <Text fz="sm" className={classes.mono} data-testid={`map-constant-${field}`}>
                {t('data.map.constant', { value: rule.constant })}
              </Text>
            ) : (
              <NativeSelect
                aria-labelledby={labelId}
                data={fieldOptions}
                value={column?.name ?? rule?.column ?? NONE}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  onChange(withColumn(mapping, field, value === NONE ? null : value));
                }}
                size="xs"
                error={isRequired && !rule ? true : undefined}
                data-testid={`map-select-${field}`}
              />
            )}
            <Text fz="xs" c="dimmed" className={`${classes.mono} ${classes.samples}`} truncate="end">
              {column ? column.samples.slice(0, 3).join(' · ') : ''}
            </Text>
          </div>
        );
      })}
    </div>
  );
}
