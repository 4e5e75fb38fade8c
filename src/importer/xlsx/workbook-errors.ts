/** Why a file is not a workbook UDN can read: one clear message, whatever went wrong. */

/** A workbook problem that ends reading: the message is for the person who gave the file. */
export class XlsxFileError extends Error {
  override name = 'XlsxFileError';
}

export const SNIFF_BYTES = 512;

/** Why the first bytes are not an .xlsx (a zip) file, or null when they may be one. */
export function notXlsxReason(head: Buffer): string | null {
  if (head.length === 0) return 'is empty, not an .xlsx workbook';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    if (head[2] === 0x03 && head[3] === 0x04) return null;
    return 'is an empty or damaged zip archive, not an .xlsx workbook';
  }
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    return 'is an old-format .xls workbook or a password-protected one: save it from Excel as an .xlsx workbook without a password';
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('<')) {
    return /<(!doctype html|html|head|body)\b/i.test(text)
      ? 'is a web page (HTML), not an .xlsx workbook: was a sign-in or error page downloaded instead of the file?'
      : 'is an XML file, not an .xlsx workbook: save it from the spreadsheet as .xlsx';
  }
  const printable = [...head.subarray(0, 64)].every((b) => b >= 0x20 || b === 9 || b === 10 || b === 13);
  return printable
    ? 'is not an .xlsx workbook (it holds text: a CSV file? import it with a .csv name)'
    : 'is not an .xlsx workbook';
}

export function describe(error: unknown): string {
  if (error instanceof XlsxFileError) return error.message;
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'cannot be found';
  if (code === 'EACCES') return 'cannot be read (permission denied)';
  const message = error instanceof Error ? error.message : String(error);
  if (/signature|FILE_ENDED|unexpected end|invalid|inflat|zlib|header check/i.test(message))
    return `is damaged or cut short: it cannot be read as an .xlsx workbook (${message.slice(0, 80)})`;
  return `cannot be read as an .xlsx workbook (${message.slice(0, 80)})`;
}
