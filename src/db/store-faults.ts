/**
 * Which failures mean "the store cannot answer right now" rather than "this statement is wrong":
 * decided here once, for both engines, so the server answers 503 + Retry-After (not 500) and the
 * health monitor knows when to probe. Nothing here talks to a database.
 */

/** `unreachable`: the connection is gone or cannot be made. `locked`: another process holds the SQLite write lock. */
export type StoreFaultKind = 'unreachable' | 'locked';

/** PostgreSQL SQLSTATEs of a dropped or refused connection (class 08, admin/crash shutdown, cannot connect now, too many connections). */
const PG_UNREACHABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Node socket errors on the way to the server. */
const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** What pg says, without a code, when its socket ended or a connection could not be had in time. */
const PG_CONNECTION_MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /is not currently accepting connections/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function kindOfOne(error: object): StoreFaultKind | null {
  const code = codeOf(error);
  if (code !== undefined) {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
    if (PG_UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || SOCKET_CODES.has(code))
      return 'unreachable';
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message)))
    return 'unreachable';
  return null;
}

/** The kind of store fault `error` is (looking through `cause` and an AggregateError's errors), or null. */
export function storeFaultOf(error: unknown): StoreFaultKind | null {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    const kind = kindOfOne(next);
    if (kind) return kind;
    pending.push((next as { cause?: unknown }).cause);
    const nested = (next as { errors?: unknown }).errors;
    if (Array.isArray(nested)) pending.push(...nested);
  }
  return null;
}

/** True when the store cannot answer now (connection lost or refused, or the write lock held elsewhere). */
export function isStoreUnavailable(error: unknown): boolean {
  return storeFaultOf(error) !== null;
}

/** Statements that change data or state, or run code that may: never run twice. */
const WRITES_OR_EFFECTS =
  /\b(insert|update|delete|merge|truncate|copy|lock|call|do|into|create|alter|drop|grant|revoke|vacuum|analyze|refresh|notify|listen|nextval|setval|set_config|pg_advisory\w*|pg_terminate_backend|pg_cancel_backend)\b/;

/**
 * True when `sqlText` only reads (a SELECT, or WITH … SELECT without data-modifying statements),
 * so running it again on a fresh connection after the first one died cannot change anything twice.
 * Literals and quoted names are ignored; anything doubtful counts as a write.
 */
export function isRetryableRead(sqlText: string): boolean {
  const text = sqlText
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""')
    .trim()
    .toLowerCase();
  if (!/^(select|with)\b/.test(text)) return false;
  if (text.includes(';')) return false;
  return !WRITES_OR_EFFECTS.test(text);
}

/** The error's text for logs and /readyz: one line, at most 200 characters, no password of a URL or conninfo. */
export function faultText(error: unknown): string {
  const raw = error instanceof Error ? error.message || codeOf(error) || error.name : String(error);
  return raw
    .replace(/\/\/([^:@/\s]+):[^@/\s]*@/g, '//$1:***@')
    .replace(/(password\s*=\s*)\S+/gi, '$1***')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}
