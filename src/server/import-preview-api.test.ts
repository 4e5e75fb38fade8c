import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { multipartOf } from '../../test/support/upload-client.ts';
import { writeWorkbook } from '../../test/support/xlsx-workbooks.ts';
import type { ApiError } from '../core/contracts/api.ts';
import type { FilePreview, Mapping } from '../core/contracts/mapping.ts';

const HUBSPOT = path.resolve(import.meta.dirname, '../../test/data/exports/hubspot');
const DEALS = 'hubspot-crm-exports-all-deals-2026-12-01.csv';
const dealsText = () => fs.readFileSync(path.join(HUBSPOT, DEALS), 'utf8');

/** The deals export with line `line`'s Create Date (7th column) replaced. */
function withCreateDate(line: number, value: string): string {
  const lines = dealsText().split('\n');
  const cells = lines[line - 1]!.split(',');
  cells[6] = value;
  lines[line - 1] = cells.join(',');
  return lines.join('\n');
}

describe.each(DIALECTS)('POST /api/v1/imports/preview on %s', (dialect) => {
  let t: TestApp;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-preview-test-'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { empty: true });
  });
  afterAll(async () => {
    await t.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const preview = async (
    files: Record<string, string | Buffer>,
    fields: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) => {
    const { body, contentType } = await multipartOf(files, fields);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/preview',
      payload: body,
      headers: { 'content-type': contentType, ...headers },
    });
  };
  const previewOk = async (files: Record<string, string | Buffer>, fields: Record<string, string> = {}) => {
    const response = await preview(files, fields);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ files: FilePreview[] }>().files;
  };

  it('recognises a HubSpot export and shows a planted bad date on its cell, by source line and column', async () => {
    const [file] = await previewOk({ [DEALS]: withCreateDate(4, '13/45/2026') });
    expect(file!.source).toBe(DEALS);
    expect(file!.recognition).toMatchObject({
      kind: 'preset',
      preset: 'hubspot-deals',
      label: 'HubSpot deals export',
    });
    expect(file!.mapping).toMatchObject({ table: 'deals', preset: 'hubspot-deals' });
    expect(file!.truncated).toBe(false);
    const lineCount = dealsText().trim().split('\n').length;
    expect(file!.rows.map((r) => r.line)).toEqual(Array.from({ length: lineCount - 1 }, (_, i) => i + 2));
    // The cell is the source's: line 4, column Create Date (the mapping's source of created_at).
    expect(file!.mapping!.fields.created_at).toMatchObject({ column: 'Create Date' });
    const bad = file!.rows.find((r) => r.line === 4)!;
    expect(bad.cells.created_at).toMatchObject({
      source: '13/45/2026',
      problem: expect.stringContaining('13/45/2026'),
    });
    // Every other cell of every row reads cleanly: the sample is valid.
    const others = file!.rows.flatMap((r) =>
      Object.entries(r.cells)
        .filter(([field, cell]) => cell.problem !== undefined && !(r.line === 4 && field === 'created_at'))
        .map(([field, cell]) => `${r.line} ${field}: ${cell.problem}`),
    );
    expect(others).toEqual([]);
    expect(file!.problems).toEqual([]);
    const won = file!.rows.find((r) => r.line === 3)!;
    expect(won.cells.status).toEqual({ source: 'Closed Won', value: 'won' });
    expect(won.cells.amount).toEqual({ source: '2765', value: '2765' });
    expect(won.cells.created_at).toEqual({ source: '2026-10-19 15:37', value: '2026-10-19T15:37:00' });
    expect(won.cells.closed_at?.value).toBe('2026-11-28T16:15:00');
    // Open deals keep no close date (keep: closed).
    expect(file!.rows.find((r) => r.line === 2)!.cells.closed_at).toEqual({
      source: '2027-01-28 00:00',
      value: null,
    });
    // An empty organisation gets its reps from the owners.
    expect(file!.unmatchedOwners).toEqual(
      expect.arrayContaining([
        { value: 'Siti Rahayu', create: true },
        { value: 'Bảo Trần', create: true },
      ]),
    );
    const columns = Object.fromEntries(file!.columns.map((c) => [c.name, c.samples]));
    expect(columns['Deal Stage']).toEqual(['Appointment Scheduled', 'Closed Won', 'closedwon']);
  });

  it('reads with the mapping sent: a stage re-mapped by hand, and an unmapped stage named on its cell', async () => {
    const [recognised] = await previewOk({ [DEALS]: dealsText() });
    const mapping = recognised!.mapping!;
    const status = mapping.fields.status!;
    const edited: Mapping = {
      ...mapping,
      fields: {
        ...mapping.fields,
        status: { ...status, values: { ...status.values, 'Appointment Scheduled': 'lost' } },
      },
    };
    const [file] = await previewOk(
      { [DEALS]: dealsText() },
      { mappings: JSON.stringify({ [DEALS]: edited }) },
    );
    expect(file!.mapping).toEqual(edited);
    expect(file!.rows.find((r) => r.line === 2)!.cells.status).toEqual({
      source: 'Appointment Scheduled',
      value: 'lost',
    });

    // A mapped column the header lacks is the file's problem; owners that may not be created are the cells'.
    const [missing] = await previewOk(
      { [DEALS]: dealsText() },
      {
        mappings: JSON.stringify({
          [DEALS]: {
            ...mapping,
            createReps: 'never',
            fields: { ...mapping.fields, created_at: { column: 'Created' } },
          },
        }),
      },
    );
    expect(missing!.problems).toContainEqual({
      line: 1,
      column: 'Created',
      message: 'column "Created" (mapped to created_at) is missing from the header',
    });
    expect(missing!.rows[0]!.cells.owner_rep_id).toMatchObject({
      source: 'Siti Rahayu',
      value: null,
      problem: 'owner "Siti Rahayu" matches no rep (by name or email)',
    });
    expect(missing!.unmatchedOwners).toContainEqual({ value: 'Siti Rahayu', create: false });
    // A row the mapping refuses still shows what its other cells become.
    expect(missing!.rows[0]!.cells.id).toEqual({ source: '21934470001', value: '21934470001' });
    expect(missing!.rows[0]!.cells.status).toEqual({ source: 'Appointment Scheduled', value: 'open' });

    const strict: Mapping = {
      ...mapping,
      fields: { ...mapping.fields, status: { ...status, otherwise: undefined } },
    };
    delete strict.fields.status!.otherwise;
    const [refused] = await previewOk(
      { [DEALS]: dealsText() },
      { mappings: JSON.stringify({ [DEALS]: strict }) },
    );
    expect(refused!.rows.find((r) => r.line === 2)!.cells.status).toMatchObject({
      source: 'Appointment Scheduled',
      value: null,
      problem: expect.stringMatching(/"Appointment Scheduled" is not mapped: map it to won or lost/),
    });
  });

  it('shows the first 100 rows of a long file, and a head sent as partial without its cut last record', async () => {
    const text = dealsText();
    // HubSpot writes CRLF line ends, as the sample does.
    const [header, ...rows] = text.trim().split('\r\n');
    const long = [
      header,
      ...Array.from({ length: 300 }, (_, i) => rows[i % rows.length]!.replace(/^\d+/, String(50_000 + i))),
    ].join('\r\n');
    const [file] = await previewOk({ [DEALS]: long });
    expect(file!.rows).toHaveLength(100);
    expect(file!.rows.at(-1)!.line).toBe(101);
    expect(file!.truncated).toBe(true);

    // Cut in the middle of line 6, inside a quoted, non-ASCII cell would be worse: cut inside a name.
    const lines = text.split('\n');
    const cutAt = Buffer.byteLength(lines.slice(0, 5).join('\n')) + 1 + 25;
    const head = Buffer.from(text).subarray(0, cutAt);
    const [partial] = await previewOk({ [DEALS]: head }, { partial: 'true' });
    expect(partial!.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(partial!.truncated).toBe(true);
    expect(partial!.problems).toEqual([]);
    expect(partial!.rows.every((r) => r.problem === undefined)).toBe(true);

    // A UTF-16 head cut after a line feed's first byte still ends on a whole character.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const lineFive = Buffer.byteLength(lines.slice(0, 5).join('\n'), 'utf16le') + 2;
    const [wide] = await previewOk(
      { [DEALS]: utf16.subarray(0, lineFive + 1 + 40) },
      { partial: 'true', encoding: 'utf-16' },
    );
    expect(wide!.recognition).toMatchObject({ preset: 'hubspot-deals' });
    expect(wide!.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(wide!.problems).toEqual([]);

    // Cut inside a quoted deal name that spans lines: that record is no row, and no problem.
    const quoted = text.split('\r\n');
    quoted[5] = quoted[5]!.replace(/^(\d+),([^,]*),/, '$1,"$2\r\nsecond line of the name",');
    const multiline = quoted.join('\r\n');
    const inside = Buffer.from(multiline).subarray(0, multiline.indexOf('second line') + 6);
    const [cut] = await previewOk({ [DEALS]: inside }, { partial: 'true' });
    expect(cut!.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(cut!.problems).toEqual([]);
    // Whole, the same record reads as one row with its two-line name.
    const [whole] = await previewOk({ [DEALS]: multiline });
    expect(whole!.rows.find((r) => r.line === 6)!.cells.name!.value).toMatch(/\r?\nsecond line of the name$/);
    expect(whole!.rows.find((r) => r.line === 8)).toBeDefined();
  });

  it('guesses a mapping for a file it does not recognise, and reads a workbook sheet', async () => {
    const [guessed] = await previewOk({
      'my deals.csv': 'ID,Created At,Status,Amount,Colour\nD1,2026-01-05,won,10.50,red\n',
    });
    expect(guessed!.recognition).toEqual({ kind: 'unknown' });
    expect(guessed!.mapping).toMatchObject({
      table: 'deals',
      fields: {
        id: { column: 'ID' },
        created_at: { column: 'Created At' },
        status: { column: 'Status' },
        amount: { column: 'Amount' },
      },
    });
    expect(guessed!.rows[0]!.cells.amount).toEqual({ source: '10.50', value: '10.50' });

    const book = path.join(tmp, 'pipeline.xlsx');
    await writeWorkbook(book, {
      Notes: [['written by sales ops']],
      Deals: [
        ['id', 'created_at', 'status', 'amount'],
        ['W1', '2026-02-01', 'open', 5],
      ],
    });
    const [sheet] = await previewOk({ 'pipeline.xlsx': fs.readFileSync(book) }, { sheet: 'Deals' });
    expect(sheet!.sheets).toEqual(['Notes', 'Deals']);
    expect(sheet!.sheet).toBe('Deals');
    expect(sheet!.recognition).toEqual({ kind: 'udn', table: 'deals' });
    // Without a sheet named, the first one UDN recognises is shown.
    const [first] = await previewOk({ 'pipeline.xlsx': fs.readFileSync(book) });
    expect(first!.sheet).toBe('Deals');
    expect(sheet!.rows).toEqual([
      expect.objectContaining({
        line: 2,
        cells: expect.objectContaining({ id: { source: 'W1', value: 'W1' } }),
      }),
    ]);
  });

  it('refuses what it cannot preview, naming the field, and writes nothing at all', async () => {
    const version = (await t.org()).data_version;
    const audit = await t.getJson<{ entries: unknown[] }>('/api/v1/audit?limit=200');
    const cases: [Record<string, string>, Record<string, string>, number, string][] = [
      [
        { [DEALS]: dealsText() },
        { mappings: JSON.stringify({ 'other.csv': { udnMapping: 1, table: 'deals', fields: {} } }) },
        400,
        'mappings.other.csv',
      ],
      [
        { [DEALS]: dealsText() },
        { mappings: JSON.stringify({ [DEALS]: { udnMapping: 1, table: 'deals', fields: { id: {} } } }) },
        400,
        `mappings.${DEALS}.fields.id`,
      ],
      [{ 'notes.txt': 'hello' }, {}, 400, 'files'],
      [{ [DEALS]: dealsText() }, { partial: 'perhaps' }, 400, 'partial'],
      [{ [DEALS]: dealsText() }, { encoding: 'ebcdic' }, 400, 'encoding'],
      [{}, { partial: 'true' }, 400, 'files'],
    ];
    for (const [files, fields, status, field] of cases) {
      const response = await preview(files, fields);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json<ApiError>().field).toBe(field);
    }
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/imports/preview', payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    const rep = await addTestPerson(t.store, await t.org(), 'rep', { scope: 'write' });
    expect((await preview({ [DEALS]: dealsText() }, {}, rep.headers)).statusCode).toBe(403);

    expect((await t.org()).data_version).toBe(version);
    expect(await t.store.db.selectFrom('reps').selectAll().execute()).toEqual([]);
    expect(await t.getJson<unknown[]>('/api/v1/imports')).toEqual([]);
    const after = await t.getJson<{ entries: { kind: string; action: string }[] }>('/api/v1/audit?limit=200');
    // Only the rep's refusal is recorded: previews are no writes.
    expect(after.entries.slice(0, after.entries.length - audit.entries.length).map((e) => e.kind)).toEqual([
      'access_refused',
    ]);
    expect(t.app.udn.uploads.bytesInUse).toBe(0);
  });

  it('is documented in the OpenAPI description, with an example answer', async () => {
    const doc = await t.getJson<{
      paths: Record<string, Record<string, { responses: unknown; description?: string }>>;
    }>('/api/openapi.json');
    const route = doc.paths['/api/v1/imports/preview']?.post;
    expect(route?.description).toContain('partial');
    expect(JSON.stringify(route?.responses)).toContain('13/45/2026');
    expect(doc.paths['/api/v1/imports']?.post?.description).toContain('mappings');
  });
});
