import {
  type FieldRule,
  type FilePreview,
  type MappableTable,
  type Mapping,
  TABLE_FIELDS,
} from '../../../../src/core/contracts/mapping.ts';

/** The UDN values a translated field takes, for the fields whose source values need translating. */
export const TRANSLATED_FIELDS: Partial<Record<MappableTable, Record<string, readonly string[]>>> = {
  deals: { status: ['open', 'won', 'lost'] },
  emails: { bounced: ['true', 'false'] },
};

/** Fields that name a rep: their values are matched to reps (or create them). */
export const OWNER_FIELDS = new Set(['owner_rep_id', 'rep_id']);

export const emptyMapping = (table: MappableTable): Mapping => ({
  udnMapping: 1,
  table,
  fields: {},
  dates: 'auto',
  decimal: '.',
  createReps: 'when-none',
});

/** A new table keeps the rules of the fields the new table also has. */
export function withTable(mapping: Mapping, table: MappableTable): Mapping {
  const fields: Record<string, FieldRule> = {};
  for (const field of TABLE_FIELDS[table]) {
    const rule = mapping.fields[field];
    if (rule) fields[field] = rule;
  }
  return { ...mapping, table, fields };
}

/** Map a field to a source column (null: leave it empty); the rule's other settings stay. */
export function withColumn(mapping: Mapping, field: string, column: string | null): Mapping {
  const fields = { ...mapping.fields };
  const rule = fields[field];
  if (column === null) delete fields[field];
  else {
    const { constant: _constant, ...rest } = rule ?? {};
    fields[field] = { ...rest, column };
  }
  return { ...mapping, fields };
}

/** Translate one source value of a field (compared ignoring case by the importer). */
export function withValue(mapping: Mapping, field: string, source: string, value: string): Mapping {
  const rule = mapping.fields[field];
  if (!rule) return mapping;
  const values = { ...(rule.values ?? {}) };
  const known = Object.keys(values).find((key) => key.trim().toLowerCase() === source.trim().toLowerCase());
  if (known !== undefined) delete values[known];
  values[source] = value;
  return { ...mapping, fields: { ...mapping.fields, [field]: { ...rule, values } } };
}

export function withOtherwise(mapping: Mapping, field: string, otherwise: string | null): Mapping {
  const rule = mapping.fields[field];
  if (!rule) return mapping;
  const { otherwise: _old, ...rest } = rule;
  const next: FieldRule = otherwise === null ? rest : { ...rest, otherwise };
  return { ...mapping, fields: { ...mapping.fields, [field]: next } };
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The distinct source values of a field seen in the preview, the mapping's own translations first. */
export function distinctValues(preview: FilePreview | undefined, mapping: Mapping, field: string): string[] {
  const rule = mapping.fields[field];
  const seen: string[] = [];
  const add = (value: string | null | undefined) => {
    if (value === null || value === undefined || value.trim() === '') return;
    if (!seen.some((known) => sameText(known, value))) seen.push(value);
  };
  for (const value of Object.keys(rule?.values ?? {})) add(value);
  if (preview && rule?.column) {
    const column = preview.columns.find((candidate) => sameText(candidate.name, rule.column ?? ''));
    for (const sample of column?.samples ?? []) add(sample);
    for (const row of preview.rows) add(row.cells[field]?.source);
  }
  return seen;
}

/** What a source value becomes under a rule: its translation, else `otherwise`, else nothing. */
export function translationOf(rule: FieldRule | undefined, source: string): string | null {
  const entry = Object.entries(rule?.values ?? {}).find(([key]) => sameText(key, source));
  return entry ? entry[1] : (rule?.otherwise ?? null);
}

/** The source column a preview cell of `field` came from, for naming it in the problem list. */
export const sourceColumnOf = (mapping: Mapping | null, field: string): string =>
  mapping?.fields[field]?.column ?? field;
