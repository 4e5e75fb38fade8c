import { terminalJson, terminalText } from '../core/terminal-text.ts';

/**
 * The one way a command writes to the terminal. Whatever a line holds — a rep's name, a file name,
 * an error quoting a cell — its control and bidi characters reach the terminal as visible escapes
 * (core/terminal-text.ts); only the program's own line breaks and tabs pass. Values that sit in a
 * table are escaped before the table is laid out (text-table.ts), so the columns line up.
 */
export interface TerminalWriter {
  write(text: string): void;
}

/** A writer onto `stream` that escapes what it writes. */
export function terminalWriter(stream: NodeJS.WritableStream): TerminalWriter {
  return { write: (text) => void stream.write(terminalText(text, { keepLayout: true })) };
}

export const stdout: TerminalWriter = terminalWriter(process.stdout);
export const stderr: TerminalWriter = terminalWriter(process.stderr);

/** A value as JSON on stdout: parseable as JSON.stringify's, with no character a terminal acts on. */
export function writeJson(value: unknown): void {
  process.stdout.write(`${terminalJson(value)}\n`);
}

/**
 * A file's exact bytes on stdout when it is piped or redirected (`udn kpi --format csv > kpis.csv`),
 * as `--out` would write them: a file, not terminal output, so nothing is escaped.
 */
export function writeFileBytes(body: Buffer): void {
  process.stdout.write(body);
}
