import type { Readable } from 'node:stream';
import Papa from 'papaparse';

export interface CsvRecord {
  /** Physical line where the record starts; the header is line 1. */
  line: number;
  cells: string[];
}

export interface CsvChunk {
  records: CsvRecord[];
  /** Characters parsed so far, for progress. */
  position: number;
}

export interface CsvSyntaxError {
  line: number;
  message: string;
}

const CHUNK_BYTES = 1 << 20;

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
 * A BOM before the header is removed. Quote errors are reported through `onSyntaxError`.
 */
export async function* readCsv(
  input: Readable,
  onSyntaxError: (error: CsvSyntaxError) => void,
): AsyncGenerator<CsvChunk> {
  input.setEncoding('utf8');
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
  let first = true;
  let position = 0;
  while (true) {
    if (failure) throw failure;
    const next = queue.shift();
    if (!next) {
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      continue;
    }
    const lineOfRow: number[] = new Array(next.data.length);
    const records: CsvRecord[] = [];
    for (let i = 0; i < next.data.length; i++) {
      const cells = next.data[i]!;
      lineOfRow[i] = line;
      if (first && cells.length > 0 && cells[0]!.charCodeAt(0) === 0xfeff) cells[0] = cells[0]!.slice(1);
      first = false;
      const blank = cells.length === 1 && cells[0] === '';
      if (!blank) records.push({ line, cells });
      line += 1 + countNewlines(cells);
    }
    for (const error of next.errors) {
      if (error.type === 'Delimiter') continue;
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
    input.resume();
    next.parser.resume();
  }
}
