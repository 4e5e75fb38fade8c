import fs from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { XlsxFileError } from './workbook-errors.ts';

/** One file in a zip archive, as its central directory lists it. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
  encrypted: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = fs.readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

const damaged = (why: string) =>
  new XlsxFileError(`is damaged or cut short: it cannot be read as an .xlsx workbook (${why})`);

/**
 * A zip archive's entries from its central directory at the end of the file (zip64 included).
 * Streaming a zip from its start, as exceljs's reader does, must find where each deflated entry
 * ends by looking for the next signature in the data, which a workbook written with data
 * descriptors can hold by chance: reading from the directory, sizes are known and nothing is guessed.
 */
export function readZipDirectory(fd: number, fileSize: number): Map<string, ZipEntry> {
  const tailLength = Math.min(fileSize, 22 + MAX_COMMENT);
  const tail = readAt(fd, fileSize - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at === -1) throw damaged('no zip directory at its end');
  let count = tail.readUInt16LE(at + 10);
  let directorySize = tail.readUInt32LE(at + 12);
  let directoryOffset = tail.readUInt32LE(at + 16);
  if (directoryOffset === 0xffffffff || count === 0xffff || directorySize === 0xffffffff) {
    const locatorAt = at - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== ZIP64_LOCATOR)
      throw damaged('a zip64 directory is missing');
    const eocd64Offset = Number(tail.readBigUInt64LE(locatorAt + 8));
    const eocd64 = readAt(fd, eocd64Offset, 56);
    if (eocd64.length < 56 || eocd64.readUInt32LE(0) !== ZIP64_EOCD)
      throw damaged('a zip64 directory is missing');
    count = Number(eocd64.readBigUInt64LE(32));
    directorySize = Number(eocd64.readBigUInt64LE(40));
    directoryOffset = Number(eocd64.readBigUInt64LE(48));
  }
  if (directoryOffset + directorySize > fileSize) throw damaged('the zip directory points past its end');
  const directory = readAt(fd, directoryOffset, directorySize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL)
      throw damaged('a zip directory entry is broken');
    const flags = directory.readUInt16LE(p + 8);
    const method = directory.readUInt16LE(p + 10);
    let compressedSize = directory.readUInt32LE(p + 20);
    let size = directory.readUInt32LE(p + 24);
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    let localHeader = directory.readUInt32LE(p + 42);
    const name = directory.toString('utf8', p + 46, p + 46 + nameLength);
    // Zip64: the sizes and offset that overflow 32 bits follow in the 0x0001 extra field, in order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = directory.readUInt16LE(e);
      const length = directory.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        if (size === 0xffffffff) {
          size = Number(directory.readBigUInt64LE(f));
          f += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(directory.readBigUInt64LE(f));
          f += 8;
        }
        if (localHeader === 0xffffffff) localHeader = Number(directory.readBigUInt64LE(f));
      }
      e += 4 + length;
    }
    entries.set(name, { name, method, compressedSize, size, localHeader, encrypted: (flags & 1) === 1 });
    p = extraEnd + commentLength;
  }
  return entries;
}

/** An entry's bytes, inflated, as a stream read from the file. */
export function openZipEntry(
  file: string,
  fd: number,
  entry: ZipEntry,
  onRawBytes: (bytes: number) => void = () => {},
): Readable {
  if (entry.encrypted) throw new XlsxFileError('is password-protected: save it without a password');
  if (entry.method !== 0 && entry.method !== 8)
    throw new XlsxFileError(
      `is compressed in a way UDN cannot read (method ${entry.method}): save it again from the spreadsheet`,
    );
  const local = readAt(fd, entry.localHeader, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL)
    throw damaged(`the entry ${entry.name} is broken`);
  const start = entry.localHeader + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = fs.createReadStream(file, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: 1 << 16,
  });
  raw.on('data', (chunk) => onRawBytes(chunk.length));
  if (entry.method === 0) return raw;
  const inflate = zlib.createInflateRaw({ chunkSize: 1 << 16 });
  raw.on('error', (error) => inflate.destroy(error));
  // Destroying the inflater (a reader stopping early) must release the file too.
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}
