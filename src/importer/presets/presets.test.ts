import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { mappingSchema, PRESET_VENDORS, TABLE_FIELDS } from '../../core/contracts/mapping.ts';
import { recognizeHeader } from '../mapping/recognize.ts';
import { PRESETS, presetById, presetsMatching } from './presets.ts';

const EXPORTS = path.resolve(import.meta.dirname, '../../../test/data/exports');

/** Each sample export and the preset it must be recognised as. */
const SAMPLES: readonly [string, string][] = [
  ['hubspot/hubspot-crm-exports-all-deals-2026-12-01.csv', 'hubspot-deals'],
  ['hubspot/hubspot-crm-exports-all-contacts-2026-12-01.csv', 'hubspot-contacts'],
  ['hubspot/hubspot-crm-exports-all-companies-2026-12-01.csv', 'hubspot-companies'],
  ['pipedrive/deals-01-12-2026.csv', 'pipedrive-deals'],
  ['pipedrive/people-01-12-2026.csv', 'pipedrive-persons'],
  ['pipedrive/organizations-01-12-2026.csv', 'pipedrive-organizations'],
  ['pipedrive/activities-01-12-2026.csv', 'pipedrive-activities'],
  ['salesforce/report1701234567890.csv', 'salesforce-opportunities'],
  ['salesforce/report1701234567891.csv', 'salesforce-leads'],
  ['salesforce/report1701234567892.csv', 'salesforce-accounts'],
  ['zoho/Deals_2026_12_01.csv', 'zoho-deals'],
  ['zoho/Leads_2026_12_01.csv', 'zoho-leads'],
  ['zoho/Accounts_2026_12_01.csv', 'zoho-accounts'],
  ['spreadsheet/pipeline-2026.csv', 'spreadsheet-deals'],
];

function headerOf(file: string): string[] {
  const text = fs.readFileSync(path.join(EXPORTS, file), 'utf8');
  const firstLine = text.slice(0, text.search(/\r?\n/));
  return Papa.parse<string[]>(firstLine).data[0] ?? [];
}

describe('presets', () => {
  it('have unique ids, a known vendor and a mapping that names its preset', () => {
    expect(new Set(PRESETS.map((preset) => preset.id)).size).toBe(PRESETS.length);
    for (const preset of PRESETS) {
      expect(PRESET_VENDORS).toContain(preset.vendor);
      expect(preset.id.startsWith(`${preset.vendor}-`)).toBe(true);
      expect(preset.mapping.preset).toBe(preset.id);
      expect(preset.cannot.length).toBeGreaterThan(20);
      expect(presetById(preset.id)).toBe(preset);
    }
  });

  it.each(PRESETS.map((preset) => [preset.id, preset] as const))('%s: the mapping parses', (_id, preset) => {
    const parsed = mappingSchema.safeParse(preset.mapping);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const fields = Object.keys(preset.mapping.fields);
    expect(fields).toContain('id');
    for (const field of fields) expect(TABLE_FIELDS[preset.mapping.table]).toContain(field);
  });

  it('cover every export the issue names, and every preset has a sample', () => {
    expect(PRESETS.map((preset) => preset.id).sort()).toEqual(SAMPLES.map(([, id]) => id).sort());
  });

  it.each(SAMPLES)('%s is recognised as %s and no other preset', (file, id) => {
    const header = headerOf(file);
    expect(presetsMatching(header).map((preset) => preset.id)).toEqual([id]);
  });

  it.each(SAMPLES)("%s: the importer recognises it as %s, with the preset's mapping", (file, id) => {
    const recognition = recognizeHeader(path.basename(file), headerOf(file), PRESETS);
    expect(recognition).toEqual({
      kind: 'preset',
      preset: id,
      label: presetById(id)?.label,
      mapping: mappingSchema.parse(presetById(id)?.mapping),
      cannot: presetById(id)?.cannot,
    });
  });

  it.each(SAMPLES)('%s holds every column its preset reads', (file, id) => {
    const header = new Set(headerOf(file).map((name) => name.trim().toLowerCase()));
    const preset = presetById(id);
    expect(preset).toBeDefined();
    const columns = [
      ...Object.values(preset?.mapping.fields ?? {}).flatMap((rule) => (rule.column ? [rule.column] : [])),
      ...(preset?.mapping.where ? [preset.mapping.where.column] : []),
      ...(preset?.signature ?? []),
    ];
    for (const column of columns) expect(header.has(column.toLowerCase()), column).toBe(true);
  });

  it('a header is matched ignoring case and surrounding spaces, the longest signature first', () => {
    const header = [
      '  record id ',
      'DEAL NAME',
      'deal stage',
      'Deal Owner',
      'pipeline',
      'Company name',
      'Company owner',
    ];
    expect(presetsMatching(header).map((preset) => preset.id)).toEqual([
      'hubspot-deals',
      'hubspot-companies',
    ]);
    expect(presetsMatching(['id', 'created_at', 'status'])).toEqual([]);
  });
});
