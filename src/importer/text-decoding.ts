import { Readable } from 'node:stream';
import { count, escapeControls } from './quote-cell.ts';

/**
 * Bytes of an import file to text (docs/import.md, "Encodings"). A file is UTF-8 unless its sender
 * declared another encoding; a byte-order mark is a declaration too, and wins over a declared one
 * (it states the encoding exactly, where a declaration is someone's guess). "latin1" is decoded as
 * Windows-1252, as the WHATWG Encoding standard does for that label: what Excel writes as "Latin-1"
 * is Windows-1252, whose € “ ” – — sit at 0x80–0x9F where ISO 8859-1 has control characters.
 * Bytes that are not text in the encoding are an error naming the line and the byte, never a
 * silent U+FFFD.
 */

/**
 * An encoding a file may be declared in: import-source.ts's DeclaredEncoding, spelled out because
 * that module leads back here through the file specs. Handing an DeclaredEncoding over checks that
 * the two agree.
 */
export type DeclaredEncoding = 'utf-8' | 'latin1' | 'utf-16';

/** A physical line longer than this is refused: no valid record comes near it, and it bounds memory. */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;

/** Bytes looked at to decide that a file without a byte-order mark is UTF-16 (or is not). */
const SNIFF_BYTES = 4096;

/** A control character but a line end (C0, DEL, C1), or a CR that ends no line: a chunk without any skips the per-cell check. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const SUSPECT_RE = /[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F]|\r(?!\n)/;

/** Why reading stopped: what the error says, and the text of the line up to the bad bytes. */
export interface DecodeFailure {
  /** The reason, without the file, line and column, which the reader adds. */
  message: string;
  /** The line's text before the failure (to tell the field), or null when the line is unknown. */
  linePrefix: string | null;
}

interface Codec {
  /** The name in messages. */
  name: string;
  decoder: TextDecoder;
  /**
   * Decode in stream mode. Node 20's one-shot windows-1252 decode takes a shortcut that reads
   * 0x80–0x9F as C1 controls (ISO 8859-1); its stream mode maps them as the standard says.
   * Single-byte text has nothing to carry between chunks, so streaming costs nothing there.
   */
  stream?: boolean;
  /** Where the last complete character of `bytes` ends: the rest waits for the next chunk. */
  completeEnd(bytes: Buffer): number;
  /** The offset of the first byte that is not text, below `end` (called only once decoding failed). */
  firstInvalid(bytes: Buffer, end: number): number;
}

/** Bytes of the UTF-8 sequence a lead byte starts (0 for a byte that cannot start one). */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The offset of the first byte of `bytes[start, end)` that does not begin a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const n = utf8Length(lead);
    if (n === 0 || i + n > end) return i;
    const second = bytes[i + 1]!;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let k = 2; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}

const utf8: () => Codec = () => ({
  name: 'UTF-8',
  decoder: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }),
  completeEnd(bytes) {
    // Back over at most three continuation bytes to the last lead byte: complete or not yet.
    for (let back = 1; back <= Math.min(4, bytes.length); back++) {
      const byte = bytes[bytes.length - back]!;
      if ((byte & 0xc0) === 0x80) continue;
      const n = utf8Length(byte);
      return n > back ? bytes.length - back : bytes.length;
    }
    return bytes.length;
  },
  firstInvalid: (bytes, end) => {
    const at = firstInvalidUtf8(bytes, 0, end);
    return at === -1 ? end : at;
  },
});

const utf16 = (bigEndian: boolean): Codec => ({
  name: bigEndian ? 'UTF-16 (big-endian)' : 'UTF-16',
  decoder: new TextDecoder(bigEndian ? 'utf-16be' : 'utf-16le', { fatal: true, ignoreBOM: true }),
  completeEnd(bytes) {
    let end = bytes.length - (bytes.length % 2);
    if (end >= 2) {
      const unit = bigEndian ? bytes.readUInt16BE(end - 2) : bytes.readUInt16LE(end - 2);
      // A high surrogate waits for its pair.
      if (unit >= 0xd800 && unit <= 0xdbff) end -= 2;
    }
    return end;
  },
  firstInvalid(bytes, end) {
    for (let i = 0; i + 1 < end; i += 2) {
      const unit = bigEndian ? bytes.readUInt16BE(i) : bytes.readUInt16LE(i);
      if (unit >= 0xdc00 && unit <= 0xdfff) return i;
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const next = i + 3 < end ? (bigEndian ? bytes.readUInt16BE(i + 2) : bytes.readUInt16LE(i + 2)) : 0;
        if (next < 0xdc00 || next > 0xdfff) return i;
        i += 2;
      }
    }
    return end - (end % 2);
  },
});

const windows1252: () => Codec = () => ({
  name: 'Latin-1 (Windows-1252)',
  // Every byte is a character in Windows-1252 (the five it leaves undefined become C1 controls,
  // which the reader refuses like any other control).
  decoder: new TextDecoder('windows-1252'),
  stream: true,
  completeEnd: (bytes) => bytes.length,
  firstInvalid: (_bytes, end) => end,
});

const startsWith = (bytes: Buffer, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** The codec a byte-order mark names, and its length. */
function byBom(head: Buffer): { codec: Codec; bom: number } | undefined {
  if (startsWith(head, 0xef, 0xbb, 0xbf)) return { codec: utf8(), bom: 3 };
  if (startsWith(head, 0xff, 0xfe)) return { codec: utf16(false), bom: 2 };
  if (startsWith(head, 0xfe, 0xff)) return { codec: utf16(true), bom: 2 };
  return undefined;
}

function zeroBytes(bytes: Uint8Array, from: number, step: number): number {
  let n = 0;
  for (let i = from; i < bytes.length; i += step) if (bytes[i] === 0) n++;
  return n;
}

const UPLOAD_HINT = (flag: string, label: string) =>
  `import it with --encoding ${flag}, or choose ${label} in the upload form`;

/**
 * What a sample of bytes that failed to decode probably is: UTF-16 (zero bytes in every other
 * place), a single-byte text (Windows-1252 reads it without controls), or not text at all.
 */
export function guessEncoding(sample: Uint8Array): string {
  const even = zeroBytes(sample, 0, 2);
  const odd = zeroBytes(sample, 1, 2);
  const half = sample.length / 2;
  if (odd > half / 4 && odd > even * 2)
    return `the file looks like UTF-16: ${UPLOAD_HINT('utf-16', 'UTF-16')}`;
  if (even > half / 4 && even > odd * 2) {
    return 'the file looks like UTF-16 big-endian without a byte-order mark: save it as UTF-8, or as UTF-16 with a byte-order mark';
  }
  const text = new TextDecoder('windows-1252').decode(sample, { stream: true });
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || (c >= 0x80 && c <= 0x9f))
      controls++;
  }
  if (controls === 0) {
    return `the file looks like Latin-1 (Windows-1252): ${UPLOAD_HINT('latin1', 'Latin-1')}`;
  }
  return 'the file does not look like text: is it a CSV file? Save it as CSV (UTF-8)';
}

/** Bytes as a reader sees them: text as text, every byte that is not text as \xNN. */
export function showBytes(bytes: Uint8Array): string {
  const out: string[] = [];
  let at = 0;
  while (at < bytes.length) {
    const bad = firstInvalidUtf8(bytes, at);
    const end = bad === -1 ? bytes.length : bad;
    if (end > at) out.push(escapeControls(Buffer.from(bytes.subarray(at, end)).toString('utf8')));
    if (bad === -1) break;
    out.push(`\\x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}`);
    at = bad + 1;
  }
  return out.join('');
}

/** Characters of context quoted around a bad byte. */
const CONTEXT_CHARS = 24;

/**
 * The text of an import file, as a stream of strings that each end at a line end, so that reading
 * can stop at the start of the line where a failure is. `failure` tells why it ended early;
 * `suspect` turns true once any text holds a control character (a cell then has to be looked at).
 */
export class DecodedText extends Readable {
  bytesIn = 0;
  failure: DecodeFailure | undefined;
  suspect = false;
  private readonly source: AsyncIterator<Buffer | string>;
  private codec: Codec | undefined;
  private carry: Buffer = Buffer.alloc(0);
  /** Decoded text after the last line end, not yet passed on. */
  private pending = '';

  constructor(
    private readonly input: Readable,
    private readonly declared: DeclaredEncoding | undefined,
  ) {
    super({ objectMode: true, highWaterMark: 1 });
    this.source = input[Symbol.asyncIterator]();
  }

  override _read(): void {
    this.pull().catch((error: unknown) =>
      this.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.input.destroy();
    callback(error);
  }

  private async pull(): Promise<void> {
    while (true) {
      const next = await this.source.next();
      if (next.done) {
        this.finish();
        return;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      this.bytesIn += chunk.length;
      const text = this.decode(chunk);
      if (this.failure) {
        this.stop(text);
        return;
      }
      if (text !== '') {
        this.push(text);
        return;
      }
    }
  }

  /** Decodes a chunk and returns its whole lines; sets `failure` when it cannot. */
  private decode(chunk: Buffer): string {
    if (chunk.length === 0) return '';
    let bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    if (!this.codec) {
      if (bytes.length < SNIFF_BYTES) {
        // The first bytes decide the encoding: wait for enough of them (or the end).
        this.carry = Buffer.from(bytes);
        return '';
      }
      bytes = this.choose(bytes);
      if (this.failure) return '';
    }
    const codec = this.codec!;
    const end = codec.completeEnd(bytes);
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : Buffer.alloc(0);
    let text: string;
    try {
      text = codec.decoder.decode(bytes.subarray(0, end), { stream: codec.stream === true });
    } catch {
      const bad = codec.firstInvalid(bytes, end);
      return this.fail(codec, bytes, bad, codec.decoder.decode(bytes.subarray(0, bad)));
    }
    return this.lines(text);
  }

  /** Picks the codec from a byte-order mark, or the declaration; returns the bytes after the mark. */
  private choose(bytes: Buffer): Buffer {
    const marked = byBom(bytes);
    if (marked) {
      this.codec = marked.codec;
      return bytes.subarray(marked.bom);
    }
    const head = bytes.subarray(0, SNIFF_BYTES);
    if (this.declared === 'utf-16') {
      if (head.length >= 4 && zeroBytes(head, 0, 1) === 0) {
        this.failure = {
          message:
            'is declared UTF-16 but holds no zero bytes, as UTF-16 text of a CSV header would: import it without an encoding (UTF-8), or with --encoding latin1',
          linePrefix: null,
        };
      }
      this.codec = utf16(false);
      return bytes;
    }
    // Zero bytes in every other place are UTF-16 without a byte-order mark, not text with NULs.
    if (head.length >= 4 && zeroBytes(head, 0, 1) * 8 >= head.length) {
      this.failure = {
        message: `is not ${this.declared === 'latin1' ? 'Latin-1' : 'UTF-8'} text (it is full of zero bytes); ${guessEncoding(head)}`,
        linePrefix: null,
      };
    }
    this.codec = this.declared === 'latin1' ? windows1252() : utf8();
    return bytes;
  }

  /** Passes on the text up to its last line end; keeps the rest for the next chunk. */
  private lines(text: string): string {
    const all = this.pending + text;
    const lastEnd = all.lastIndexOf('\n');
    if (lastEnd === -1) {
      this.pending = all;
      if (all.length > MAX_LINE_CHARS) this.tooLong();
      return '';
    }
    this.pending = all.slice(lastEnd + 1);
    if (this.pending.length > MAX_LINE_CHARS) this.tooLong();
    const whole = all.slice(0, lastEnd + 1);
    if (!this.suspect && SUSPECT_RE.test(whole)) this.suspect = true;
    return whole;
  }

  private tooLong(): void {
    this.failure = {
      message: `has a line longer than ${count(MAX_LINE_CHARS)} characters (lines must end with LF or CRLF)`,
      linePrefix: null,
    };
  }

  /** Records why decoding failed at byte `bad` of `bytes`; returns the whole lines before it. */
  private fail(codec: Codec, bytes: Buffer, bad: number, valid: string): string {
    const before = this.lines(valid);
    if (this.failure) return before;
    const prefix = this.pending;
    const sampleFrom = Math.max(0, bad - 32 * 1024);
    const sample = bytes.subarray(sampleFrom, Math.min(bytes.length, bad + 32 * 1024));
    const shownBefore = escapeControls([...fieldOf(prefix)].slice(-CONTEXT_CHARS).join(''));
    const after = bytes.subarray(bad, bad + CONTEXT_CHARS * 2);
    const lineEnd = after.indexOf(0x0a);
    const shownAfter = showBytes(lineEnd === -1 ? after : after.subarray(0, lineEnd));
    const byte = `0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}`;
    const where = !codec.name.startsWith('UTF-16')
      ? `byte ${byte} in "${shownBefore}${shownAfter}…"`
      : bad + 1 >= bytes.length
        ? 'it ends in the middle of a character: an odd number of bytes'
        : `an unpaired surrogate, bytes ${showBytes(bytes.subarray(bad, bad + 2))}`;
    const hint = codec.name === 'UTF-8' ? `; ${guessEncoding(sample)}` : '';
    this.failure = { message: `not valid ${codec.name} (${where})${hint}`, linePrefix: prefix };
    return before;
  }

  /** At the end of the input: what the last bytes hold, and the last line, which needs no line end. */
  private finish(): void {
    let bytes = this.carry;
    this.carry = Buffer.alloc(0);
    if (!this.codec) {
      bytes = this.choose(bytes);
      if (this.failure) {
        this.stop('');
        return;
      }
    }
    const codec = this.codec!;
    if (bytes.length > 0) {
      let text: string;
      try {
        text = codec.decoder.decode(bytes, { stream: codec.stream === true });
      } catch {
        const bad = codec.firstInvalid(bytes, bytes.length);
        this.stop(this.fail(codec, bytes, bad, codec.decoder.decode(bytes.subarray(0, bad))));
        return;
      }
      const whole = this.lines(text);
      if (this.failure) {
        this.stop(whole);
        return;
      }
      if (whole !== '') this.push(whole);
    }
    const last = this.pending;
    this.pending = '';
    if (last !== '') {
      if (!this.suspect && SUSPECT_RE.test(last)) this.suspect = true;
      this.push(last);
    }
    this.push(null);
  }

  /** Passes on the lines before a failure, then ends; the rest of the file is not read. */
  private stop(text: string): void {
    if (text !== '') this.push(text);
    this.push(null);
    this.input.destroy();
  }
}

/** The text of the field a line prefix ends in (the bad byte's cell, up to the bad byte). */
function fieldOf(prefix: string): string {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) start = i + 1;
  }
  return prefix.slice(start).replace(/^\s*"/, '');
}

/** The index of the field a line prefix ends in. */
export function fieldIndexOf(prefix: string): number {
  let field = 0;
  let quoted = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) field++;
  }
  return field;
}

/**
 * Decodes a whole small file (org.json): its text, or why it is not text, with the line of the
 * failure.
 */
export async function decodeAll(
  input: Readable,
  encoding: DeclaredEncoding | undefined,
): Promise<{ text: string; failure: undefined } | { text: string; failure: DecodeFailure }> {
  const decoded = new DecodedText(input, encoding);
  const parts: string[] = [];
  for await (const part of decoded) parts.push(part as string);
  const text = parts.join('');
  return decoded.failure ? { text, failure: decoded.failure } : { text, failure: undefined };
}
