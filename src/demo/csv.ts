/** RFC 4180 quoting, only where a value needs it, so the common case stays a plain concatenation. */
export function csvField(value: string): string {
  if (!/[",\r\n]/.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/** One CSV record with its LF line end; `null`/`undefined` cells are written empty. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += ',';
    if (v === null || v === undefined) continue;
    line += typeof v === 'number' ? String(v) : csvField(v);
  }
  return `${line}\n`;
}
