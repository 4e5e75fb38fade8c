import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { hasPgClient } from './resilient-postgres.ts';

export type CopyCell = string | number | null;

/** Rows for COPY: `count` rows of `columns.length` cells each, row-major. */
export interface CopyRows {
  readonly columns: readonly string[];
  readonly values: readonly CopyCell[];
  readonly count: number;
  /**
   * True when the caller knows no text cell holds a backslash, tab, newline or carriage return
   * (RowBatch tests a whole batch's text at once): the cells then go without a test each.
   */
  readonly plainText?: boolean;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One cell in COPY's text format: null is \N, and a backslash, tab, newline or carriage return in
 * text is escaped, so that a cell never ends a field or a row early and "\N" given as text stays
 * text. Every other character goes as it is (the connection's encoding is UTF-8).
 */
export function copyCell(value: CopyCell): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPED[c]!) : value;
}

/** Text handed to the stream at a time: large enough to amortise a write, small enough to stay bounded. */
const CHUNK_CHARS = 256 * 1024;

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Runs `work` with the pg client of `db`'s connection (a transaction's, when `db` is one): COPY and
 * multi-statement text Kysely cannot send.
 */
export function withPgClient<T, R>(db: Kysely<T>, work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
  return db.getExecutor().provideConnection((connection) => {
    if (!hasPgClient(connection)) throw new Error('COPY needs a PostgreSQL store');
    return connection.withPgClient(work);
  });
}

/**
 * One COPY … FROM STDIN in text format, open for as many writes of rows as come: a whole file can
 * go in one statement, without a round trip per batch. Each write waits for the connection
 * whenever the stream says it is full, so memory holds a chunk or two however many rows pass.
 * While it is open, the client can run nothing else: a query sent meanwhile would wait for the
 * COPY to end. A failing row fails the statement (and so the transaction it is in).
 */
export class CopyStream {
  private readonly stream: ReturnType<typeof copyFrom>;
  private readonly done: Promise<void>;

  constructor(client: pg.PoolClient, table: string, columns: readonly string[]) {
    this.stream = client.query(
      copyFrom(`copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) from stdin`),
    );
    // Listened to from the start: an error the server sends while rows are still being written
    // must not go unheard.
    this.done = finished(this.stream);
    this.done.catch(() => undefined);
  }

  async write(rows: CopyRows): Promise<void> {
    const { stream } = this;
    if (stream.errored) throw stream.errored;
    const { values, count } = rows;
    const width = rows.columns.length;
    const plain = rows.plainText === true;
    // Measured at 10M emails: a test per cell and a line string per row were most of the encoding.
    let chunk = '';
    for (let r = 0, at = 0; r < count; r++) {
      for (let c = 0; c < width; c++) {
        const value = values[at++]!;
        if (c > 0) chunk += '\t';
        if (value === null) chunk += '\\N';
        else if (typeof value === 'number' || plain) chunk += value;
        else chunk += copyCell(value);
      }
      chunk += '\n';
      if (chunk.length >= CHUNK_CHARS || r === count - 1) {
        const more = stream.write(chunk);
        chunk = '';
        if (!more) await Promise.race([once(stream, 'drain'), this.done]);
      }
    }
  }

  /** Ends the COPY; returns how many rows it stored. */
  async end(): Promise<number> {
    this.stream.end();
    await this.done;
    return this.stream.rowCount;
  }

  /** Ends the COPY without storing anything (CopyFail), so that the connection can go on to roll back. */
  async abort(error: unknown): Promise<void> {
    this.stream.destroy(error instanceof Error ? error : new Error(String(error)));
    await this.done.catch(() => undefined);
  }
}

/** Copies rows into `table` in one COPY statement; returns how many. */
export async function copyInto(client: pg.PoolClient, table: string, rows: CopyRows): Promise<number> {
  if (rows.count === 0) return 0;
  const copy = new CopyStream(client, table, rows.columns);
  try {
    await copy.write(rows);
    return await copy.end();
  } catch (error) {
    await copy.abort(error);
    throw error;
  }
}
