import {
  type Mapping,
  mappingSchema,
  type Preset,
  type Recognition,
  TABLE_FIELDS,
} from '../../core/contracts/mapping.ts';
import { FILE_SPECS } from '../file-specs.ts';

const normalise = (cell: string): string => cell.trim().toLowerCase();

/**
 * What a source file is, from its header alone (its name is a tie-break only: exports are named
 * anything, `hubspot-crm-exports-all-deals-2026-12-01.csv`). UDN's own file: every header cell is
 * a column of one table's file and its required columns are there. Otherwise the preset whose
 * signature the header holds in full, the most specific (longest signature) first.
 */
export function recognizeHeader(
  fileName: string,
  headerCells: readonly string[],
  presets: readonly Preset[],
): Recognition {
  const cells = headerCells.map((cell) => cell.trim()).filter((cell) => cell !== '');
  const udn = FILE_SPECS.filter(
    (spec) =>
      cells.length > 0 &&
      cells.every((cell) => spec.columns.includes(cell)) &&
      spec.required.every((column) => cells.includes(column)),
  );
  if (udn.length > 0) {
    // reps.csv and accounts.csv share `id,name`: the name says which, else the first table.
    const lower = fileName.toLowerCase();
    const named = udn.find((spec) => lower.includes(spec.table)) ?? udn[0]!;
    return { kind: 'udn', table: named.table };
  }
  const names = new Set(cells.map(normalise));
  let best: Preset | undefined;
  for (const preset of presets) {
    if (!preset.signature.every((column) => names.has(normalise(column)))) continue;
    if (!best || preset.signature.length > best.signature.length) best = preset;
  }
  if (!best) return { kind: 'unknown' };
  return {
    kind: 'preset',
    preset: best.id,
    label: best.label,
    mapping: mappingSchema.parse(best.mapping),
    cannot: best.cannot,
  };
}

/**
 * A UDN file read through a mapping (a workbook sheet laid out as UDN's own file): each column
 * maps to itself, dates and amounts read as KPI-SPEC writes them.
 */
export function identityMapping(
  table: Mapping['table'],
  headerCells: readonly string[],
  sheet?: string,
): Mapping {
  const columns = headerCells.map((cell) => cell.trim()).filter((cell) => TABLE_FIELDS[table].includes(cell));
  return mappingSchema.parse({
    udnMapping: 1,
    table,
    ...(sheet !== undefined ? { sheet } : {}),
    fields: Object.fromEntries(columns.map((column) => [column, { column }])),
    dates: 'iso',
    createReps: 'never',
  });
}
