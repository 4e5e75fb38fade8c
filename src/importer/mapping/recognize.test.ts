import { describe, expect, it } from 'vitest';
import type { Preset } from '../../core/contracts/mapping.ts';
import { identityMapping, recognizeHeader } from './recognize.ts';

const preset = (id: string, signature: string[]): Preset => ({
  id,
  vendor: 'hubspot',
  label: `${id} export`,
  signature,
  mapping: { udnMapping: 1, table: 'deals', fields: { id: { column: signature[0]! } } },
  cannot: '',
});
const PRESETS = [
  preset('short', ['Record ID', 'Deal Name']),
  preset('long', ['Record ID', 'Deal Name', 'Deal Stage']),
  preset('other', ['Opportunity ID']),
];

describe('recognizeHeader', () => {
  it("recognises UDN's own files: header cells within a table's columns, its required ones present", () => {
    expect(recognizeHeader('x.csv', ['id', 'created_at', 'status', 'amount'], PRESETS)).toEqual({
      kind: 'udn',
      table: 'deals',
    });
    // reps and accounts share id,name: the name decides, else the first table.
    expect(recognizeHeader('accounts-2026.csv', [' id ', 'name'], PRESETS)).toEqual({
      kind: 'udn',
      table: 'accounts',
    });
    expect(recognizeHeader('people.csv', ['id', 'name'], PRESETS)).toEqual({ kind: 'udn', table: 'reps' });
    // A required column missing, or one column too many: not that table's file.
    expect(recognizeHeader('deals.csv', ['id', 'status'], PRESETS).kind).toBe('unknown');
  });

  it('takes the preset with the longest signature the header holds, ignoring case and spaces', () => {
    const found = recognizeHeader('export.csv', ['record id', ' Deal Name', 'DEAL STAGE', 'Amount'], PRESETS);
    expect(found).toMatchObject({ kind: 'preset', preset: 'long', label: 'long export' });
    expect(found.kind === 'preset' && found.mapping.dates).toBe('auto');
    expect(recognizeHeader('export.csv', ['Record ID', 'Deal Name'], PRESETS)).toMatchObject({
      preset: 'short',
    });
    expect(recognizeHeader('export.csv', ['Record ID'], PRESETS)).toEqual({ kind: 'unknown' });
  });

  it('maps a UDN-laid-out sheet onto its own columns', () => {
    expect(identityMapping('reps', ['id', 'name', 'notes'], 'Team')).toMatchObject({
      table: 'reps',
      sheet: 'Team',
      dates: 'iso',
      fields: { id: { column: 'id' }, name: { column: 'name' } },
    });
  });
});
