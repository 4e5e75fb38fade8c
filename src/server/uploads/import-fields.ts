import {
  MAPPABLE_TABLES,
  type MappableTable,
  type Mapping,
  mappingSchema,
} from '../../core/contracts/mapping.ts';
import { invalid } from '../../core/errors.ts';

/** The form fields of an upload besides its files (`encoding` is read as the files arrive). */
export interface ImportFields {
  /** Source file name → how it maps onto a table (files not in UDN's own format). */
  mappings: Record<string, Mapping>;
  /** Tables whose files are full snapshots: rows absent from them are removed. */
  snapshot: MappableTable[];
  allowMassDelete: boolean;
  dryRun: boolean;
}

/** Text fields the multipart parser hands over, by name (the last value of a repeated one wins). */
export type FieldValues = Readonly<Record<string, string>>;

const MAX_MAPPING_FIELD = 256 * 1024;

export function booleanField(field: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw invalid(field, `must be true or false, not "${value.slice(0, 40)}"`, { rule: 'boolean' });
}

/**
 * `mappings`: JSON `{ "<file name>": <mapping document> }`. Each document is validated by the
 * contract's schema; an error names its path, `mappings.<file>.fields.status`.
 */
export function mappingsField(value: string | undefined): Record<string, Mapping> {
  if (value === undefined || value.trim() === '') return {};
  if (value.length > MAX_MAPPING_FIELD)
    throw invalid('mappings', `is larger than ${MAX_MAPPING_FIELD / 1024} KiB`, { rule: 'max_length' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw invalid('mappings', `is not JSON (${(error as Error).message})`, { rule: 'json' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalid('mappings', 'must be a JSON object: { "<file name>": <mapping> }', { rule: 'object' });
  const out: Record<string, Mapping> = {};
  for (const [file, document] of Object.entries(parsed)) {
    const result = mappingSchema.safeParse(document);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw invalid(['mappings', file, ...issue.path.map(String)].join('.'), issue.message, {
        rule: 'mapping',
        file,
      });
    }
    out[file] = result.data;
  }
  return out;
}

/** `snapshot`: comma-separated table names (`deals,accounts`). */
export function snapshotField(value: string | undefined): MappableTable[] {
  if (value === undefined || value.trim() === '') return [];
  const tables: MappableTable[] = [];
  for (const raw of value.split(',')) {
    const table = raw.trim().toLowerCase();
    if (table === '') continue;
    if (!(MAPPABLE_TABLES as readonly string[]).includes(table))
      throw invalid('snapshot', `"${raw.trim()}" is not a table (${MAPPABLE_TABLES.join(', ')})`, {
        rule: 'one_of',
      });
    if (!tables.includes(table as MappableTable)) tables.push(table as MappableTable);
  }
  return tables;
}

export function importFields(values: FieldValues): ImportFields {
  return {
    mappings: mappingsField(values.mappings),
    snapshot: snapshotField(values.snapshot),
    allowMassDelete: booleanField('allowMassDelete', values.allowMassDelete),
    dryRun: booleanField('dryRun', values.dryRun),
  };
}

/**
 * `sheet`: the workbook sheet to read — one name for every workbook sent, or JSON
 * `{ "<file name>": "<sheet>" }` for each.
 */
export function sheetsField(value: string | undefined, fileNames: readonly string[]): Record<string, string> {
  if (value === undefined || value.trim() === '') return {};
  if (!value.trim().startsWith('{'))
    return Object.fromEntries(
      fileNames.filter((name) => /\.xlsx$/i.test(name)).map((name) => [name, value.trim()]),
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw invalid('sheet', `is not JSON (${(error as Error).message})`, { rule: 'json' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalid('sheet', 'must be a sheet name or a JSON object: { "<file name>": "<sheet>" }', {
      rule: 'object',
    });
  const out: Record<string, string> = {};
  for (const [file, sheet] of Object.entries(parsed)) {
    if (typeof sheet !== 'string' || sheet.trim() === '')
      throw invalid(`sheet.${file}`, 'must be a sheet name', { rule: 'string' });
    out[file] = sheet.trim();
  }
  return out;
}
