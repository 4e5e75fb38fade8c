/**
 * Why an operation was refused, in the words of the domain rather than of a transport: services,
 * the importer's callers and uploads throw it; the HTTP server turns `code` into a status in one
 * place (server/error-handler.ts), the CLI prints `message`, the web app words it from `code`,
 * `field` and `params` in the reader's language.
 */
export const ERROR_CODES = [
  /** An input breaks a rule; `field` names it. */
  'invalid',
  /** What the request names does not exist. */
  'not_found',
  /** Someone else saved first: the version sent is stale. */
  'conflict',
  /** The data changed since the client counted it. */
  'data_changed',
  /** Refused while other work (an import) runs; try again when it ends. */
  'busy',
  /** An upload over the size limit. */
  'too_large',
  /** A request body in a format the operation does not take. */
  'unsupported_media_type',
  /**
   * The store cannot be reached right now (a dropped connection, a restart, a lock held by another
   * process): nothing was done; `params.retry_after_s` says when trying again makes sense.
   */
  'unavailable',
  /** No one is signed in (or the session, token or link is not valid): sign in first. */
  'unauthorized',
  /** Signed in, but this person, token or link may not do this. */
  'forbidden',
  /** Too many attempts: `params.retry_after_s` says when to try again. */
  'rate_limited',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The values a message is made of, so a client can word it itself. `rule` (for `invalid`) and
 * `entity` (what is missing, stale or busy) say which of the code's messages it is.
 */
export type ErrorParams = Readonly<Record<string, string | number>>;

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly field: string | undefined;
  readonly params: ErrorParams;

  /**
   * `reason` is the English text without the field; an invalid input's message names the field
   * first (`due_date: is before start_date 2026-01-01`), as the API and the CLI always printed it.
   */
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    options: { field?: string | undefined; params?: ErrorParams } = {},
  ) {
    super(code === 'invalid' && options.field !== undefined ? `${options.field}: ${reason}` : reason);
    this.field = options.field;
    this.params = options.params ?? {};
  }
}

/** An input that breaks a rule: `field` names it as the client wrote it (`targets.0.scope`). */
export const invalid = (field: string, reason: string, params?: ErrorParams): DomainError =>
  new DomainError('invalid', reason, { field, ...(params ? { params } : {}) });

/** `entity id` does not exist: `goal 5 does not exist`. */
export const notFound = (entity: string, id: number | string, field?: string): DomainError =>
  new DomainError('not_found', `${entity.replaceAll('_', ' ')} ${id} does not exist`, {
    field,
    params: { entity, id },
  });

/** A save based on a version someone else has replaced. */
export const staleVersion = (entity: string, id: number, current: number, sent: number): DomainError =>
  new DomainError(
    'conflict',
    `${entity} ${id} was saved by someone else (version ${current}; this save was based on version ${sent}): reload it and apply the change again`,
    { field: 'version', params: { entity, id, current, sent } },
  );

/** The store cannot answer now; nothing was done. Try again after `retryAfterS` seconds. */
export const unavailable = (reason: string, retryAfterS = 5, params: ErrorParams = {}): DomainError =>
  new DomainError('unavailable', reason, { params: { ...params, retry_after_s: retryAfterS } });

/** No valid session, token or link. */
export const unauthorized = (reason = 'sign in first'): DomainError =>
  new DomainError('unauthorized', reason);

/** The caller is known but may not do this; `entity` names what was refused when it helps. */
export const forbidden = (reason: string, params: ErrorParams = {}): DomainError =>
  new DomainError('forbidden', reason, { params });
