import { describe, expect, it } from 'vitest';
import { IssueCollector } from './import-errors.ts';
import { fileFromText } from './import-source.ts';
import { readOrgFile, readOrgJson } from './org-file.ts';

const latin1Org = Buffer.from('{\n  "timezone": "UTC",\n  "name": "Café Müller"\n}', 'latin1');

describe('readOrgJson', () => {
  it('reads org.json in its declared encoding', async () => {
    const issues = new IssueCollector();
    expect(await readOrgJson(fileFromText('org.json', latin1Org, 'latin1'), issues)).toEqual({
      timezone: 'UTC',
      name: 'Café Müller',
    });
    expect(issues.errors).toEqual([]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"name":"Zoë"}', 'utf16le')]);
    expect(await readOrgJson(fileFromText('org.json', utf16), issues)).toEqual({ name: 'Zoë' });
  });

  it('refuses undeclared Latin-1 with its line and the hint, and a file too large to be settings', async () => {
    const issues = new IssueCollector();
    expect(await readOrgJson(fileFromText('org.json', latin1Org), issues)).toBeUndefined();
    expect(
      await readOrgJson(fileFromText('org.json', `{"name":"${'x'.repeat(70_000)}"}`), issues),
    ).toBeUndefined();
    expect(issues.errors.map((e) => [e.line, e.message])).toEqual([
      [
        3,
        'not valid UTF-8 (byte 0xE9 in "name": "Caf\\xE9 M\\xFCller"…"); the file looks like Latin-1 (Windows-1252): import it with --encoding latin1, or choose Latin-1 in the upload form',
      ],
      [0, 'is 70,011 bytes; at most 65,536'],
    ]);
  });
});

describe('readOrgFile', () => {
  it('refuses text a lenient decoder marked with U+FFFD, naming line and column', () => {
    const issues = new IssueCollector();
    expect(readOrgFile('{\n "name": "Caf\uFFFD"\n}', issues)).toBeUndefined();
    expect(issues.errors).toEqual([
      {
        file: 'org.json',
        line: 2,
        column: null,
        message:
          'is not valid UTF-8 (column 14 holds U+FFFD, the mark of bytes that were not text): save it as UTF-8',
      },
    ]);
  });
});
