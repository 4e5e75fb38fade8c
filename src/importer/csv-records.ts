import Papa from 'papaparse';
import { count } from './quote-cell.ts';
import { type DecodedText, fieldIndexOf, MAX_LINE_CHARS } from './text-decoding.ts';

export interface CsvRecord {
  /** Physical line where the record starts; the header is line 1. */
  line: number;
  cells: string[];
  /** Whether a cell may hold a control character or a line break: only then are its cells looked at for them. */
  suspect: boolean;
}

export interface CsvChunk {
  records: CsvRecord[];
  /** Characters parsed so far, for progress. */
  position: number;
}

export interface CsvSyntaxError {
  line: number;
  message: string;
  /** The index of the field the error is in, when known. */
  field?: number;
  /** Reading stopped here: the rest of the file was not read. */
  stops?: boolean;
}

const CHUNK_BYTES = 1 << 20;

/** A record (a quoted field may span lines) longer than this is refused, which bounds memory. */
export const MAX_RECORD_CHARS = MAX_LINE_CHARS;

function countNewlines(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) {
    // Only quoted cells can hold a line break; indexOf keeps the common case cheap.
    let at = cell.indexOf('\n');
    while (at !== -1) {
      n++;
      at = cell.indexOf('\n', at + 1);
    }
  }
  return n;
}

/**
 * Streams an RFC 4180 file as chunks of records with their physical line numbers (Papa Parse,
 * paused while the consumer works, so memory stays bounded). Empty lines are skipped but counted.
 * Quote errors, text that is not text (text-decoding.ts) and a record too long to be one (a quote
 * never closed swallows the rest of the file) are reported through `onSyntaxError`; reading stops
 * at the last two.
 */
export async function* readCsv(
  input: DecodedText,
  onSyntaxError: (error: CsvSyntaxError) => void,
): AsyncGenerator<CsvChunk> {
  // Characters handed to the parser, one entry per chunk, to know how much it holds unparsed.
  const handed: number[] = [];
  input.on('data', (text: string) => handed.push(text.length));
  let parsedChars = 0;
  type Delivery = { data: string[][]; errors: Papa.ParseError[]; cursor: number; parser: Papa.Parser };
  const queue: Delivery[] = [];
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  Papa.parse<string[]>(input, {
    delimiter: ',',
    quoteChar: '"',
    escapeChar: '"',
    chunkSize: CHUNK_BYTES,
    chunk(results, parser) {
      parser.pause();
      // Papa's pause stops its parsing, not the stream's reading: without this, a consumer slower
      // than the disk would find the whole file buffered in memory.
      input.pause();
      parsedChars += handed.shift() ?? 0;
      queue.push({ data: results.data, errors: results.errors, cursor: results.meta.cursor, parser });
      notify();
    },
    complete() {
      finished = true;
      notify();
    },
    error(error: Error) {
      failure = error;
      notify();
    },
  });

  let line = 1;
  let position = 0;
  while (true) {
    if (failure) throw failure;
    const next = queue.shift();
    if (!next) {
      if (finished) {
        const failure = input.failure;
        if (failure) {
          const field = failure.linePrefix === null ? undefined : fieldIndexOf(failure.linePrefix);
          onSyntaxError({
            line,
            message: failure.message,
            stops: true,
            ...(field === undefined ? {} : { field }),
          });
        }
        return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      continue;
    }
    const lineOfRow: number[] = new Array(next.data.length);
    const records: CsvRecord[] = [];
    const suspect = input.suspect;
    // A record whose quotes are broken is reported as such and not read: its cells are guesses.
    const broken = new Set<number>();
    for (const error of next.errors)
      if (error.type === 'Quotes' && error.row !== undefined) broken.add(error.row);
    for (let i = 0; i < next.data.length; i++) {
      const cells = next.data[i]!;
      lineOfRow[i] = line;
      const blank = cells.length === 1 && cells[0] === '';
      const breaks = countNewlines(cells);
      if (!blank && !broken.has(i)) records.push({ line, cells, suspect: suspect || breaks > 0 });
      line += 1 + breaks;
    }
    for (const error of next.errors) {
      if (error.type === 'Delimiter') continue;
      // Reading stopped at the start of a line that is not text: a quote open there is cut, not missing.
      if (error.code === 'MissingQuotes' && input.failure) continue;
      const errorLine = error.row !== undefined ? (lineOfRow[error.row] ?? line) : line;
      const message =
        error.code === 'MissingQuotes'
          ? 'a quoted field is never closed (missing ")'
          : error.code === 'InvalidQuotes'
            ? 'a quote (") inside a field must be doubled ("") or the field must be quoted'
            : error.message;
      onSyntaxError({ line: errorLine, message });
    }
    position = Math.max(position, next.cursor);
    yield { records, position };
    if (parsedChars - next.cursor > MAX_RECORD_CHARS) {
      onSyntaxError({
        line,
        message: `a record longer than ${count(MAX_RECORD_CHARS)} characters starts here: is a quote (") never closed?`,
        stops: true,
      });
      return;
    }
    input.resume();
    next.parser.resume();
  }
}
