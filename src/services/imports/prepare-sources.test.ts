import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileOnDisk } from '../../importer/import-source.ts';
import { prepareSources } from './prepare-sources.ts';

const HUBSPOT = new URL('../../../test/data/exports/hubspot/', import.meta.url).pathname;
const DEALS_EXPORT = 'hubspot-crm-exports-all-deals-2026-12-01.csv';

describe('prepareSources', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-prepare-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('recognises UDN files and exports by header, whatever their names; names what it cannot read', async () => {
    fs.copyFileSync(path.join(HUBSPOT, DEALS_EXPORT), path.join(dir, 'export (3).csv'));
    fs.writeFileSync(path.join(dir, 'team.csv'), 'id,name,email\nR1,Ana,ana@example.com\n');
    fs.writeFileSync(path.join(dir, 'deals.csv'), 'id,created_at,status\nD1,2026-01-01,open\n');
    fs.writeFileSync(path.join(dir, 'notes.csv'), 'When,What\n2026-01-01,call\n');
    fs.writeFileSync(path.join(dir, 'org.json'), '{}');
    const prepared = await prepareSources([
      { name: 'dir', size: 0, path: dir, open: () => fs.createReadStream(dir) },
    ]);
    expect(prepared.files.map((f) => [f.name, f.table ?? null, f.mapping?.preset ?? null])).toEqual([
      ['deals.csv', null, null],
      ['export (3).csv', null, 'hubspot-deals'],
      ['org.json', null, null],
      ['team.csv', 'reps', null],
    ]);
    expect(
      prepared.recognised.map((r) => [
        r.source,
        r.recognition.kind === 'preset' ? r.recognition.label : r.recognition.kind,
      ]),
    ).toEqual([
      ['deals.csv', 'udn'],
      ['export (3).csv', 'HubSpot deals export'],
      ['team.csv', 'udn'],
    ]);
    expect(prepared.unknown).toEqual([
      'notes.csv: neither a UDN file nor an export UDN knows (its header is "When", "What"): give a mapping',
    ]);
  });

  it('takes a given mapping for a file; a preset restricts recognition to its vendor', async () => {
    const full = path.join(HUBSPOT, DEALS_EXPORT);
    const mapping = {
      udnMapping: 1 as const,
      table: 'deals' as const,
      fields: { id: { column: 'Record ID' } },
      dates: 'auto' as const,
      decimal: '.' as const,
      createReps: 'never' as const,
    };
    const byFile = await prepareSources([fileOnDisk(DEALS_EXPORT, full)], {
      mappingsByFile: { [DEALS_EXPORT]: mapping },
    });
    expect(byFile.files[0]!.mapping).toBe(mapping);
    const wrongVendor = await prepareSources([fileOnDisk(DEALS_EXPORT, full)], { preset: 'zoho' });
    expect(wrongVendor.files).toEqual([]);
    expect(wrongVendor.unknown[0]).toMatch(
      /^hubspot-crm-exports-all-deals-2026-12-01\.csv: neither a UDN file/,
    );
  });

  it('reads each sheet of a workbook: a UDN-laid-out sheet through a mapping of its own columns', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Team').addRows([
      ['id', 'name'],
      ['R1', 'Ana'],
    ]);
    book.addWorksheet('Notes').addRows([['anything'], ['x']]);
    const full = path.join(dir, 'book.xlsx');
    await book.xlsx.writeFile(full);
    const prepared = await prepareSources([fileOnDisk('book.xlsx', full)]);
    expect(prepared.recognised.map((r) => [r.source, r.recognition.kind])).toEqual([
      ['book.xlsx [Team]', 'udn'],
    ]);
    expect(prepared.files[0]!.mapping).toMatchObject({
      table: 'reps',
      sheet: 'Team',
      fields: { id: { column: 'id' }, name: { column: 'name' } },
    });
    expect(prepared.unknown).toEqual([]);
  });
});
