import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { quoteCell } from './quote-cell.ts';
import {
  type DeclaredEncoding,
  DecodedText,
  firstInvalidUtf8,
  guessEncoding,
  showBytes,
} from './text-decoding.ts';

async function decode(chunks: Buffer[], encoding?: DeclaredEncoding) {
  const decoded = new DecodedText(Readable.from(chunks), encoding);
  const parts: string[] = [];
  for await (const part of decoded) parts.push(part as string);
  return { text: parts.join(''), parts, failure: decoded.failure, suspect: decoded.suspect };
}

/** Every way of cutting `bytes` in two past its first `from` bytes. */
const splits = (bytes: Buffer, from: number) =>
  Array.from({ length: bytes.length + 1 - from }, (_, i) => [
    bytes.subarray(0, from + i),
    bytes.subarray(from + i),
  ]);

// Longer than the bytes read to choose the encoding, so that later chunks are decoded one by one.
const TEXT = `id,name\n${'R0,x\n'.repeat(2100)}R1,José\nR2,日本語 😀\nR3,Zoë`;

describe('DecodedText', () => {
  it('gives the same text however the bytes are cut, in UTF-8, UTF-16 LE and BE', async () => {
    const le = Buffer.from(TEXT, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [bytes, encoding] of [
      [Buffer.from(TEXT), undefined],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), undefined],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), undefined],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), undefined],
      [le, 'utf-16'],
    ] as const) {
      for (const chunks of splits(bytes, bytes.length - 60)) {
        const { text, failure } = await decode(chunks, encoding);
        expect(failure).toBeUndefined();
        expect(text).toBe(TEXT);
      }
    }
  });

  it('hands on whole lines only, so that reading can stop at the start of a bad line', async () => {
    const first = `${'x'.repeat(5000)}\n`;
    const { parts } = await decode([Buffer.from(`${first}c,`), Buffer.from('d\ne'), Buffer.from(',f\n')]);
    expect(parts).toEqual([first, 'c,d\n', 'e,f\n']);
  });

  it('stops at the line of an invalid byte and says which byte, and what the file looks like', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,name\nR1,Ana\nR2,Jos'),
      Buffer.from([0xe9]),
      Buffer.from(' Mu\xf1oz\nR3,x\n', 'latin1'),
    ]);
    const { text, failure } = await decode([bytes]);
    expect(text).toBe('id,name\nR1,Ana\n');
    expect(failure).toEqual({
      message:
        'not valid UTF-8 (byte 0xE9 in "Jos\\xE9 Mu\\xF1oz…"); the file looks like Latin-1 (Windows-1252): import it with --encoding latin1, or choose Latin-1 in the upload form',
      linePrefix: 'R2,Jos',
    });
  });

  it('refuses a file that ends inside a character, or a UTF-16 file with an unpaired surrogate', async () => {
    expect((await decode([Buffer.from([0x61, 0x0a, 0xe6, 0x97])])).failure?.message).toMatch(
      /^not valid UTF-8 \(byte 0xE6/,
    );
    const lone = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('a\n', 'utf16le'),
      Buffer.from([0x00, 0xd8, 0x61, 0x00]),
    ]);
    expect((await decode([lone])).failure?.message).toMatch(/^not valid UTF-16 \(an unpaired surrogate/);
    const odd = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('a\nb', 'utf16le'),
      Buffer.from([0x61]),
    ]);
    expect((await decode([odd])).failure?.message).toMatch(/odd number of bytes/);
  });

  it('refuses a file declared UTF-16 that has no zero bytes', async () => {
    expect((await decode([Buffer.from('id,name\nR1,Ana\n')], 'utf-16')).failure?.message).toMatch(
      /declared UTF-16 but holds no zero bytes/,
    );
  });

  it('marks text with a control character (but not a CRLF) as suspect', async () => {
    expect((await decode([Buffer.from('a,b\r\nc,d\r\n')])).suspect).toBe(false);
    expect((await decode([Buffer.from('a,b\r\nc,\x1b\r\n')])).suspect).toBe(true);
    expect((await decode([Buffer.from('a,b\rc')])).suspect).toBe(true);
    expect((await decode([Buffer.from('a,\tb\n')])).suspect).toBe(true);
  });
});

describe('firstInvalidUtf8', () => {
  it('finds overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('José 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe0, 0x80, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xf0, 0x9f, 0x98]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0x80]))).toBe(0);
  });
});

describe('guessEncoding and showBytes', () => {
  it('tells Latin-1, UTF-16 and binary apart', () => {
    expect(guessEncoding(Buffer.from('Jos\xe9 \x93quoted\x94\n', 'latin1'))).toMatch(
      /Latin-1 \(Windows-1252\)/,
    );
    expect(guessEncoding(Buffer.from('id,name\nR1,José\n', 'utf16le'))).toMatch(
      /looks like UTF-16: import it with --encoding utf-16/,
    );
    expect(guessEncoding(Buffer.from('id,name\nR1,José\n', 'utf16le').swap16())).toMatch(/big-endian/);
    expect(guessEncoding(Buffer.from([0x00, 0x01, 0x02, 0x1b, 0xff, 0xfe, 0x10, 0x11, 0x05, 0x7f]))).toMatch(
      /does not look like text/,
    );
  });

  it('shows text as text and every other byte as \\xNN, controls escaped', () => {
    expect(showBytes(Buffer.concat([Buffer.from('Jos'), Buffer.from([0xe9, 0x1b]), Buffer.from('ü')]))).toBe(
      'Jos\\xE9\\x1Bü',
    );
  });
});

describe('quoteCell', () => {
  it('quotes short text as it is', () => {
    expect(quoteCell('USD')).toBe('"USD"');
    expect(quoteCell('José 😀')).toBe('"José 😀"');
  });

  it('cuts after 100 characters and says how many were left out', () => {
    expect(quoteCell('a'.repeat(1_048_576))).toBe(`"${'a'.repeat(100)}…" (1,048,476 more characters)`);
    expect(quoteCell('😀'.repeat(101))).toBe(`"${'😀'.repeat(100)}…" (1 more character)`);
  });

  it('escapes controls, bidi overrides and separators', () => {
    expect(quoteCell('\u001b]0;x\u0007 \u202Eevil\u2028 \u0085')).toBe(
      '"\\x1B]0;x\\x07 \\u202Eevil\\u2028 \\x85"',
    );
  });
});
