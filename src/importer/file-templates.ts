import type { ImportFileFormat } from '../core/contracts/imports.ts';
import { ORG_JSON_KEYS, type OrgSettings } from '../core/org-settings.ts';
import { FILE_SPECS } from './file-specs.ts';
import { ORG_FILE } from './import-source.ts';

/**
 * One example row per file, by column. The template's header is the file spec's own column list,
 * so a column added to a spec without an example here fails `templateOf` (and its test) instead of
 * drifting out of the template. The rows refer to each other (R01 owns A001, L001 became D0001), so
 * the filled templates import together; `{currency}` is the organisation's.
 */
const EXAMPLES: Record<string, Record<string, string>> = {
  'reps.csv': {
    id: 'R01',
    name: 'Siti Rahayu',
    email: 'siti.rahayu@example.com',
    team: 'Jakarta',
    started_on: '2025-01-06',
    ended_on: '',
  },
  'accounts.csv': {
    id: 'A001',
    name: 'PT Contoh Makmur',
    owner_rep_id: 'R01',
    acquired_at: '2026-02-10',
    churned_at: '',
  },
  'leads.csv': { id: 'L001', created_at: '2026-01-12T09:30', owner_rep_id: 'R01', source: 'website' },
  'deals.csv': {
    id: 'D0001',
    name: 'Office chairs for the new floor',
    owner_rep_id: 'R01',
    account_id: 'A001',
    lead_id: 'L001',
    created_at: '2026-01-15',
    closed_at: '2026-02-10',
    status: 'won',
    amount: '1500',
    currency: '{currency}',
    units: '10',
    stage: 'Closed won',
  },
  'emails.csv': {
    id: 'E0001',
    sent_at: '2026-01-13T08:00',
    rep_id: 'R01',
    campaign: 'January newsletter',
    bounced: 'false',
    opened_at: '2026-01-13T10:15',
  },
  'spend.csv': {
    date: '2026-01-31',
    category: 'marketing',
    amount: '250',
    currency: '{currency}',
    note: 'Trade fair booth',
  },
  'targets.csv': {
    scope: 'org',
    metric: 'revenue',
    period_start: '2026-01-01',
    period_end: '2026-03-31',
    value: '50000',
  },
};

export const TEMPLATE_FILES: readonly string[] = [ORG_FILE, ...FILE_SPECS.map((spec) => spec.file)];

const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * The template of an import file: a header row and one example row for a CSV file; for org.json,
 * the organisation's current settings (importing it as is changes nothing).
 * undefined for a name that is not an import file.
 */
export function templateOf(file: string, org: OrgSettings): string | undefined {
  if (file === ORG_FILE) {
    const settings = Object.fromEntries(ORG_JSON_KEYS.map((key) => [key, org[key as keyof OrgSettings]]));
    return `${JSON.stringify(settings, null, 2)}\n`;
  }
  const spec = FILE_SPECS.find((s) => s.file === file);
  if (!spec) return undefined;
  const example = EXAMPLES[file] ?? {};
  const values = spec.columns.map((column) => {
    const value = example[column];
    if (value === undefined) throw new Error(`${file}: the template has no example for column "${column}"`);
    return value.replace('{currency}', org.currency);
  });
  return `${spec.columns.join(',')}\r\n${values.map(cell).join(',')}\r\n`;
}

/** Every import file with its columns (required first, as the spec marks them) and its template. */
export function importFormats(templateUrl: (file: string) => string): ImportFileFormat[] {
  return [
    {
      file: ORG_FILE,
      columns: ORG_JSON_KEYS.map((name) => ({ name, required: false })),
      template: templateUrl(ORG_FILE),
    },
    ...FILE_SPECS.map((spec) => ({
      file: spec.file,
      columns: spec.columns.map((name) => ({ name, required: spec.required.includes(name) })),
      template: templateUrl(spec.file),
    })),
  ];
}
