import { z } from 'zod';

/**
 * A column mapping: how one source file (a CRM export, a spreadsheet sheet) becomes rows of one
 * of UDN's tables (KPI-SPEC §2). A small, versioned JSON document that can be saved by name,
 * exported and passed to `udn import --mapping`; docs/import.md documents it.
 *
 * The mapped values are then read exactly as a UDN file's cells are, so every rule of KPI-SPEC
 * §2 still holds; errors name the source file, its line (or sheet row) and the source column.
 */

export const MAPPING_FORMAT_VERSION = 1;

/** UDN's tables, in the order an import writes them (a file may refer only to earlier ones). */
export const MAPPABLE_TABLES = ['reps', 'accounts', 'leads', 'deals', 'emails', 'spend', 'targets'] as const;
export type MappableTable = (typeof MAPPABLE_TABLES)[number];

/** Each table's columns of its KPI-SPEC §2 file, as literals: importer/file-specs.ts types its rows by them. */
export const TABLE_COLUMNS = {
  reps: ['id', 'name', 'email', 'team', 'started_on', 'ended_on'],
  accounts: ['id', 'name', 'owner_rep_id', 'acquired_at', 'churned_at'],
  leads: ['id', 'created_at', 'owner_rep_id', 'source'],
  deals: [
    'id',
    'name',
    'owner_rep_id',
    'account_id',
    'lead_id',
    'created_at',
    'closed_at',
    'status',
    'amount',
    'currency',
    'units',
    'stage',
  ],
  emails: ['id', 'sent_at', 'rep_id', 'campaign', 'bounced', 'opened_at'],
  spend: ['date', 'category', 'amount', 'currency', 'note'],
  targets: ['scope', 'metric', 'period_start', 'period_end', 'value'],
} as const satisfies Record<MappableTable, readonly string[]>;

/** The UDN fields of each table, for code that looks a field up by name. */
export const TABLE_FIELDS: Readonly<Record<MappableTable, readonly string[]>> = { ...TABLE_COLUMNS };

/**
 * Date layouts a source may write. Tokens: YYYY, MM/M (month), DD/D (day), HH/H (24 h), hh/h (12 h
 * with A = AM/PM), mm, ss. A date-only layout also reads a time after it (`HH:mm`, `HH:mm:ss`,
 * `h:mm A`) when the cell has one. `iso` is KPI-SPEC's own form (dates, timestamps with or without
 * offset); `excel` is an Excel serial day number (1900 system: 45992 = 2025-12-01, fractions are the
 * time of day). `auto` reads ISO, Excel serials are not guessed, and a day/month order only when the
 * cell itself settles it (a day above 12): `03/04/2026` under `auto` is an error asking for a layout.
 */
export const DATE_FORMATS = [
  'auto',
  'iso',
  'excel',
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'DD.MM.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'M/D/YYYY',
  'D/M/YYYY',
  'YYYY-MM-DD HH:mm',
  'YYYY-MM-DD HH:mm:ss',
  'MM/DD/YYYY HH:mm',
  'MM/DD/YYYY hh:mm A',
  'DD/MM/YYYY HH:mm',
  'DD.MM.YYYY HH:mm',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const sourceColumn = z.string().trim().min(1).max(200);
const valueText = z.string().max(200);

/** Where one UDN field's values come from. */
export const fieldRuleSchema = z
  .object({
    /** The source column (its header text, trimmed; compared ignoring case). */
    column: sourceColumn.optional(),
    /** A constant for every row, instead of a column (e.g. a currency code, or `won`). */
    constant: valueText.optional(),
    /**
     * Source value → UDN value, compared trimmed and ignoring case: deal stages to open/won/lost,
     * "Yes"/"No" to true/false. A value not listed takes `otherwise`; without it, it is an error
     * naming the cell and the values the mapping knows.
     */
    values: z.record(valueText, valueText).optional(),
    otherwise: valueText.optional(),
    /** Date layout of this field's cells (dates and timestamps); the mapping's `dates` otherwise. */
    format: z.enum(DATE_FORMATS).optional(),
    /** A cell holding several values (associated ids "12;34") keeps the first, split at this text. */
    firstOf: z.string().min(1).max(5).optional(),
    /**
     * For owner/rep fields: how a cell finds its rep — by rep id, name, email, or name or email.
     * Names and emails compare ignoring case and surrounding spaces.
     */
    rep: z.enum(['id', 'name', 'email', 'name-or-email']).optional(),
    /**
     * deals.closed_at only: CRM exports give open deals an expected close date; `closed` keeps the
     * date only for deals the row's status makes won or lost.
     */
    keep: z.enum(['always', 'closed']).optional(),
  })
  .strict()
  .refine((rule) => (rule.column === undefined) !== (rule.constant === undefined), {
    message: 'give either column or constant',
  });
export type FieldRule = z.infer<typeof fieldRuleSchema>;

export const mappingSchema = z
  .object({
    /** The format of this document: 1. */
    udnMapping: z.literal(MAPPING_FORMAT_VERSION),
    /** The name it is saved and chosen by. */
    name: z.string().trim().min(1).max(100).optional(),
    /** The preset it started from (hubspot-deals, pipedrive-persons…), for the history and the screen. */
    preset: z.string().max(64).optional(),
    table: z.enum(MAPPABLE_TABLES),
    /** The workbook sheet (XLSX); the first sheet when absent. */
    sheet: z.string().max(100).optional(),
    /** UDN field → where its values come from. Fields not listed are empty. */
    fields: z.record(z.string(), fieldRuleSchema),
    /** Default date layout of every date field. */
    dates: z.enum(DATE_FORMATS).default('auto'),
    /**
     * How amounts and numbers are written: the decimal mark. Currency symbols and codes, spaces and
     * the other mark as thousands separator are removed; a cell whose marks contradict it
     * (`1.234,56` under `.`) is an error.
     */
    decimal: z.enum(['.', ',']).default('.'),
    /**
     * Reps from owners: `when-none` creates a rep for each distinct owner when neither the store
     * nor this import has any rep; `always` creates reps for owners that match none; `never`
     * makes an unmatched owner an error.
     */
    createReps: z.enum(['never', 'when-none', 'always']).default('when-none'),
    /** Only rows whose column holds one of these values (ignoring case) are read; others are skipped. */
    where: z
      .object({ column: sourceColumn, in: z.array(valueText).min(1).max(100) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    const fields = TABLE_FIELDS[mapping.table];
    for (const field of Object.keys(mapping.fields)) {
      if (!fields.includes(field))
        ctx.addIssue({
          code: 'custom',
          path: ['fields', field],
          message: `${mapping.table} has no field ${field} (fields: ${fields.join(', ')})`,
        });
    }
  });
export type Mapping = z.infer<typeof mappingSchema>;
/** A mapping as written by hand or saved: defaults may be left out. */
export type MappingInput = z.input<typeof mappingSchema>;

/** What the importer recognised a source file as, from its header. */
export type Recognition =
  | { kind: 'udn'; table: MappableTable }
  | {
      kind: 'preset';
      preset: string;
      label: string;
      mapping: Mapping;
      /** What the export cannot tell UDN (a shipped preset's `cannot`). */
      cannot?: string;
    }
  | { kind: 'unknown' };

/** A saved mapping, as the API lists it. */
export interface SavedMapping {
  name: string;
  mapping: Mapping;
  updatedAt: string;
  updatedBy: string | null;
}

/** One cell of a preview row: the source text, the UDN value it becomes, and its problem if any. */
export interface PreviewCell {
  source: string | null;
  value: string | null;
  problem?: string;
}

/** The first rows of one source file as UDN will read them, every problem on its cell. */
export interface FilePreview {
  /** The source file's name (and sheet, for a workbook). */
  source: string;
  sheet?: string;
  /** Every sheet of a workbook, to choose from. */
  sheets?: string[];
  recognition: Recognition;
  /** The mapping in use: the one given, else the preset's, else a guess from the header. */
  mapping: Mapping | null;
  /** Source columns with their first non-empty values. */
  columns: { name: string; samples: string[] }[];
  /** Rows read (at most the preview's limit), by source line. */
  rows: { line: number; cells: Record<string, PreviewCell>; skipped?: boolean; problem?: string }[];
  /** Problems of the whole file: a mapped column missing from the header, an unreadable sheet. */
  problems: { line: number; column: string | null; message: string }[];
  /** Owners that match no rep, and whether the import would create them. */
  unmatchedOwners: { value: string; create: boolean }[];
  /** Whether the preview stopped before the end of the file. */
  truncated: boolean;
}

/** The CRMs whose standard exports UDN recognises; `spreadsheet` is a plain sheet laid out by hand. */
export const PRESET_VENDORS = ['hubspot', 'pipedrive', 'salesforce', 'zoho', 'spreadsheet'] as const;
export type PresetVendor = (typeof PRESET_VENDORS)[number];

/** A pre-made mapping for one standard export, recognised by its header. */
export interface Preset {
  /** `hubspot-deals`, `pipedrive-persons`, … */
  id: string;
  vendor: PresetVendor;
  /** Shown on the mapping screen and in the CLI: "HubSpot deals export". */
  label: string;
  /** Header names that identify the export: all must be present (trimmed, ignoring case). */
  signature: readonly string[];
  mapping: MappingInput;
  /** What the export cannot tell UDN (docs/import.md and the mapping screen show it). */
  cannot: string;
}
