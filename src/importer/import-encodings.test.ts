import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { snapshotStore } from '../../test/support/store-snapshot.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import type { Store } from '../db/database.ts';
import { fileFromText, fileOnDisk, type ImportEncoding, type ImportFile } from './import-source.ts';
import { type ImportResult, runImport } from './run-import.ts';

const REPS = 'id,name,team\nR1,Ana,Jakarta\nR2,José Muñoz,Bandung\nR3,Zoë 😀 Ørsted,Jakarta\n';
const STORED = [
  { id: 'R1', name: 'Ana', team: 'Jakarta' },
  { id: 'R2', name: 'José Muñoz', team: 'Bandung' },
  { id: 'R3', name: 'Zoë 😀 Ørsted', team: 'Jakarta' },
];

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const utf16le = (text: string, bom = true) =>
  Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
};

/** A file delivered in chunks of `size` bytes, so that characters are split between chunks. */
function chunked(name: string, bytes: Buffer, size: number, encoding?: ImportEncoding): ImportFile {
  return {
    name,
    size: bytes.length,
    ...(encoding ? { encoding } : {}),
    open: () =>
      Readable.from(
        Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
          bytes.subarray(i * size, (i + 1) * size),
        ),
      ),
  };
}

const importFiles = (store: Store, files: ImportFile[], parseThreadFromBytes?: number) =>
  runImport(store, files, {
    source: 'test',
    ...(parseThreadFromBytes === undefined ? {} : { parseThreadFromBytes }),
  });

const reps = (store: Store) =>
  store.db.selectFrom('reps').select(['id', 'name', 'team']).orderBy('id').execute();

/** Every message of an import, errors and warnings. */
const messages = (result: ImportResult) => [...result.errors, ...result.warnings].map((e) => e.message);

describe.each(DIALECTS)('import encodings and hostile text on %s', (dialect) => {
  let store: TestStore;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-encodings-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    store = await createTestStore(dialect);
  });
  afterEach(() => store.dispose());

  /** Imports, expects a refusal with exactly these (line, column, message) errors and nothing written. */
  async function expectRefused(
    files: ImportFile[],
    expected: { file: string; line: number; column: string | null; message: RegExp }[],
    parseThreadFromBytes?: number,
  ): Promise<ImportResult> {
    const before = await snapshotStore(store);
    const result = await importFiles(store, files, parseThreadFromBytes);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => ({ file: e.file, line: e.line, column: e.column }))).toEqual(
      expected.map(({ file, line, column }) => ({ file, line, column })),
    );
    for (const [i, error] of result.errors.entries()) expect(error.message).toMatch(expected[i]!.message);
    expect(await snapshotStore(store)).toEqual(before);
    return result;
  }

  it('refuses undeclared Latin-1 naming line, column and byte, and suggests --encoding latin1', async () => {
    const result = await expectRefused(
      [fileFromText('reps.csv', latin1('id,name,team\nR1,Ana,Jakarta\nR2,José Muñoz,Bandung\n'))],
      [
        {
          file: 'reps.csv',
          line: 3,
          column: 'name',
          message: /^not valid UTF-8 \(byte 0xE9 in "Jos\\xE9 Mu\\xF1oz,Bandung…"\)/,
        },
      ],
    );
    expect(result.errors[0]!.message).toContain(
      'the file looks like Latin-1 (Windows-1252): import it with --encoding latin1, or choose Latin-1 in the upload form',
    );
  });

  it('reads a file declared Latin-1 as Windows-1252: names stored exactly', async () => {
    // Windows-1252 has “ ” – € at 0x93, 0x94, 0x96 and 0x80, where ISO 8859-1 has controls.
    const bytes = latin1(
      'id,name,team\nR1,Ana,Jakarta\nR2,José Muñoz,Bandung\nR3,Zoë \x93Z\x94 Ørsted \x96 \x80,Jakarta\n',
    );
    const result = await importFiles(store, [fileFromText('reps.csv', bytes, 'latin1')]);
    expect(result.errors).toEqual([]);
    expect(await reps(store)).toEqual([
      { id: 'R1', name: 'Ana', team: 'Jakarta' },
      { id: 'R2', name: 'José Muñoz', team: 'Bandung' },
      { id: 'R3', name: 'Zoë “Z” Ørsted – €', team: 'Jakarta' },
    ]);
  });

  it('imports UTF-16 LE and BE with a byte-order mark, declared or not, like the UTF-8 file', async () => {
    expect((await importFiles(store, [fileFromText('reps.csv', REPS)])).errors).toEqual([]);
    const expected = await reps(store);
    expect(expected).toEqual(STORED);
    for (const bytes of [utf16le(REPS), utf16be(REPS)]) {
      for (const encoding of [undefined, 'utf-16'] as const) {
        const result = await importFiles(store, [fileFromText('reps.csv', bytes, encoding)]);
        expect(result.errors).toEqual([]);
        expect(result.files[0]).toMatchObject({ rows: 3, unchanged: 3 });
      }
    }
    expect(await reps(store)).toEqual(STORED);
  });

  it('reads UTF-16 without a byte-order mark as little-endian when declared, and suggests it when not', async () => {
    expect(
      (await importFiles(store, [fileFromText('reps.csv', utf16le(REPS, false), 'utf-16')])).errors,
    ).toEqual([]);
    expect(await reps(store)).toEqual(STORED);
    const result = await expectRefused(
      [fileFromText('reps.csv', utf16le(REPS.replace('R1', 'R9'), false))],
      [
        {
          file: 'reps.csv',
          line: 1,
          column: null,
          message: /full of zero bytes.*looks like UTF-16: import it with --encoding utf-16/,
        },
      ],
    );
    expect(result.errors[0]!.message.length).toBeLessThan(300);
  });

  it('strips a UTF-8 byte-order mark, also from a file declared Latin-1 (the mark wins)', async () => {
    for (const encoding of [undefined, 'latin1'] as const) {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(REPS)]);
      expect((await importFiles(store, [fileFromText('reps.csv', bytes, encoding)])).errors).toEqual([]);
      expect(await reps(store)).toEqual(STORED);
    }
  });

  it('reads characters split between chunks, in chunks of 1 to 7 bytes', async () => {
    // More than the first 4 KiB, which are read whole to choose the encoding.
    const long = REPS + Array.from({ length: 500 }, (_, i) => `S${i},Šárka ${i} 😀,Jakarta\n`).join('');
    for (const [size, bytes, encoding] of [
      [1, Buffer.from(long), undefined],
      [3, Buffer.from(long), undefined],
      [1, utf16le(long), undefined],
      [3, utf16be(long), undefined],
      [7, latin1(long.replaceAll(' 😀', '').replaceAll('Š', 'S')), 'latin1'],
    ] as const) {
      const result = await importFiles(store, [chunked('reps.csv', bytes, size, encoding)]);
      expect(result.errors).toEqual([]);
      expect(result.files[0]!.rows).toBe(503);
    }
    expect((await reps(store)).slice(0, 2)).toEqual(STORED.slice(0, 2));
  });

  it('on the parsing thread, reads a 4-byte character split at the 1 MiB read boundary', async () => {
    // The parsing thread reads 1 MiB at a time: put 😀 (4 bytes) across byte 1,048,576.
    const rows: string[] = ['id,name'];
    let size = 'id,name\n'.length;
    let i = 0;
    while (size < (1 << 20) - 100) {
      const row = `R${String(i++).padStart(6, '0')},Name ${'x'.repeat(20)}`;
      rows.push(row);
      size += row.length + 1;
    }
    const pad = (1 << 20) - 2 - size - `R${String(i).padStart(6, '0')},`.length;
    rows.push(`R${String(i).padStart(6, '0')},${'y'.repeat(pad)}😀z`);
    const text = `${rows.join('\n')}\n`;
    const bytes = Buffer.from(text);
    expect(bytes.subarray((1 << 20) - 2, (1 << 20) + 2)).toEqual(Buffer.from('😀'));
    const file = path.join(dir, `reps-${dialect}.csv`);
    fs.writeFileSync(file, bytes);
    const result = await importFiles(store, [fileOnDisk('reps.csv', file)], 0);
    expect(result.errors).toEqual([]);
    const last = await store.db
      .selectFrom('reps')
      .select('name')
      .where('id', '=', `R${String(i).padStart(6, '0')}`)
      .executeTakeFirstOrThrow();
    expect(last.name).toBe(`${'y'.repeat(pad)}😀z`);
  });

  it('refuses Latin-1 on the parsing thread too, and reads it there when declared', async () => {
    const file = path.join(dir, `latin1-${dialect}.csv`);
    fs.writeFileSync(file, latin1('id,name,team\nR1,Ana,Jakarta\nR2,José Muñoz,Bandung\n'));
    await expectRefused(
      [fileOnDisk('reps.csv', file)],
      [
        {
          file: 'reps.csv',
          line: 3,
          column: 'name',
          message: /not valid UTF-8 \(byte 0xE9.*--encoding latin1/,
        },
      ],
      0,
    );
    const result = await importFiles(store, [fileOnDisk('reps.csv', file, undefined, 'latin1')], 0);
    expect(result.errors).toEqual([]);
    expect((await reps(store))[1]).toEqual({ id: 'R2', name: 'José Muñoz', team: 'Bandung' });
  });

  it('refuses a NUL, an ESC and a C1 control in any cell with file, line and column; nothing is stored', async () => {
    await expectRefused(
      [
        fileFromText(
          'reps.csv',
          'id,name,team\nR1,Ana\u0000Maria,Jakarta\nR2,Budi,Band\u001b[31mung\nR3,Citra\u0085,Jakarta\n',
        ),
        fileFromText('leads.csv', 'id,created_at,source\nL\u00001,2026-01-02,web\n'),
      ],
      [
        {
          file: 'reps.csv',
          line: 2,
          column: 'name',
          message: /^holds a NUL byte \(\\x00\) after "Ana": control characters are not allowed$/,
        },
        {
          file: 'reps.csv',
          line: 3,
          column: 'team',
          message: /holds a control character \(\\x1B\) after "Band"/,
        },
        { file: 'reps.csv', line: 4, column: 'name', message: /holds a control character \(\\x85\)/ },
        { file: 'leads.csv', line: 2, column: 'id', message: /holds a NUL byte/ },
      ],
    );
  });

  it('lets free text (a spend note) hold tabs and line breaks, and no other control', async () => {
    const spend = 'date,category,amount,note\n2026-01-05,tools,10,"two\nlines\tand a tab"\n';
    expect((await importFiles(store, [fileFromText('spend.csv', spend)])).errors).toEqual([]);
    const note = await store.db.selectFrom('spend').select('note').executeTakeFirstOrThrow();
    expect(note.note).toBe('two\nlines\tand a tab');
    await expectRefused(
      [fileFromText('spend.csv', 'date,category,amount,note\n2026-01-06,tools,10,"bell\u0007"\n')],
      [{ file: 'spend.csv', line: 2, column: 'note', message: /holds a control character \(\\x07\)/ }],
    );
  });

  it('refuses a 1 MiB name naming the limit, in a short message', async () => {
    const name = 'x'.repeat(1 << 20);
    const result = await expectRefused(
      [fileFromText('reps.csv', `id,name\nR1,${name}\nR2,${'ü'.repeat(201)}\nR3,${'😀'.repeat(200)}\n`)],
      [
        { file: 'reps.csv', line: 2, column: 'name', message: /^1,048,576 characters, at most 200$/ },
        { file: 'reps.csv', line: 3, column: 'name', message: /^201 characters, at most 200$/ },
      ],
    );
    for (const message of messages(result)) expect(message.length).toBeLessThan(300);
  });

  it('answers a 1 MB header and a header of controls with short, escaped messages', async () => {
    const header = `id,${'h'.repeat(1_000_000)},name,\u001b]0;pwned\u0007,\u202Eevil\n`;
    const result = await importFiles(store, [fileFromText('reps.csv', `${header}R1,a,Ana,b,c\n`)]);
    expect(result.ok).toBe(true);
    const warnings = result.warnings.map((w) => ({ column: w.column, message: w.message }));
    expect(warnings).toEqual([
      {
        column: null,
        message:
          'unknown column "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh…" (999,900 more characters), ignored',
      },
      { column: null, message: 'unknown column "\\x1B]0;pwned\\x07", ignored' },
      { column: null, message: 'unknown column "\\u202Eevil", ignored' },
    ]);
    const missing = await expectRefused(
      [fileFromText('reps.csv', `${'H'.repeat(1_000_000)}\nR1\n`)],
      [
        { file: 'reps.csv', line: 1, column: 'id', message: /required column is missing/ },
        { file: 'reps.csv', line: 1, column: 'name', message: /required column is missing/ },
      ],
    );
    for (const message of messages(missing)) expect(message.length).toBeLessThan(300);
  });

  it('refuses random bytes with short messages, in place and on the parsing thread', async () => {
    // A fixed pseudo-random sequence: the same bytes on every run.
    let seed = 12345;
    const random = Buffer.from(
      Array.from({ length: 117 * 1024 }, () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed >> 16;
      }),
    );
    const file = path.join(dir, `random-${dialect}.csv`);
    fs.writeFileSync(file, random);
    for (const [files, threshold] of [
      [[fileFromText('deals.csv', random)], undefined],
      [[fileOnDisk('deals.csv', file)], 0],
      [[fileFromText('deals.csv', random, 'latin1')], undefined],
      [[fileFromText('deals.csv', random, 'utf-16')], undefined],
    ] as const) {
      const before = await snapshotStore(store);
      const result = await importFiles(store, [...files], threshold);
      expect(result.ok).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
      for (const message of messages(result)) {
        expect(message.length).toBeLessThan(300);
        expect(message).not.toMatch(/\p{Cc}/u);
      }
      expect(await snapshotStore(store)).toEqual(before);
    }
  });

  it('refuses a record that never ends (an unclosed quote) and a line that never ends', async () => {
    const open = `id,name\nR1,Ana\nR2,"${'x\n'.repeat(2_200_000)}`;
    await expectRefused(
      [fileFromText('reps.csv', open)],
      [
        {
          file: 'reps.csv',
          line: 3,
          column: null,
          message: /^a record longer than 4,194,304 characters starts here: is a quote \(".*never closed\?$/,
        },
      ],
    );
    await expectRefused(
      [fileFromText('reps.csv', `id,name\nR1,Ana\nR2,${'x'.repeat(5_000_000)}`)],
      [{ file: 'reps.csv', line: 3, column: null, message: /^has a line longer than 4,194,304 characters/ }],
    );
  });

  it('refuses control characters in org.json values', async () => {
    await expectRefused(
      [fileFromText('org.json', '{\n  "timezone": "UTC",\n  "name": "Acme\\u001b[2J"\n}')],
      [{ file: 'org.json', line: 3, column: 'name', message: /holds a control character \(\\x1B\)/ }],
    );
  });
});
