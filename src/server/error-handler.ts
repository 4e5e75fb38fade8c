import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiError } from '../core/contracts/api.ts';
import { API_ERROR_NAMES } from '../core/contracts/errors.ts';
import { DomainError, type ErrorCode, unavailable } from '../core/errors.ts';
import { faultText, storeFaultOf } from '../db/store-faults.ts';

/** `/widgets/0/layout/w` → `widgets.0.layout.w`; unknown keys name the key itself. */
function fieldOf(instancePath: string, params: Record<string, unknown>): string {
  const base = instancePath.split('/').filter(Boolean).join('.');
  const keys = params.keys;
  if (Array.isArray(keys) && typeof keys[0] === 'string') return base ? `${base}.${keys[0]}` : keys[0];
  return base;
}

/** The HTTP status of each domain error code: the one place the domain meets HTTP. */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  data_changed: 409,
  busy: 409,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
};

/**
 * A refused operation as the API answers it. An invalid input is a 400 whose message and `details`
 * name the field, as a failed validation does; the others keep their message as it is.
 */
function apiErrorOf(error: DomainError): { status: number; body: ApiError } {
  const params = Object.keys(error.params).length > 0 ? { params: error.params } : {};
  const status = STATUS_BY_CODE[error.code];
  if (error.code === 'invalid') {
    const field = error.field ?? '(request)';
    const body: ApiError = {
      error: API_ERROR_NAMES.invalid,
      message: `${field}: ${error.reason}`,
      field,
      details: [{ field, message: error.reason }],
      ...params,
    };
    return { status, body };
  }
  const body: ApiError = {
    error: API_ERROR_NAMES[error.code],
    message: error.message,
    ...(error.field !== undefined ? { field: error.field } : {}),
    ...params,
  };
  return { status, body };
}

/** Statuses Fastify itself answers with (a method it does not route, a body over its limit …). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
};

/**
 * The multipart parser (busboy, under @fastify/multipart) fails with plain errors: a body that is
 * not the multipart it claims to be (random bytes, cut short, wrong or missing boundary, compressed
 * without saying so) is the client's mistake, answered 400 with the parser's own words.
 */
const MULTIPART_FAILURES = [
  /^Multipart: Boundary not found$/,
  /^Unexpected end of (multipart data|form)$/,
  /terminated early due to unexpected end of multipart data$/,
  /^Malformed part header$/,
  /^Part terminated early/,
];

const malformedMultipart = (error: Error) =>
  (error as { code?: string }).code === 'FST_MP_PREMATURE_CLOSE' ||
  MULTIPART_FAILURES.some((pattern) => pattern.test(error.message));

/**
 * Every 4xx/5xx body is the contract's ApiError. Validation errors name the field the way a
 * client wrote it (`from`, `widgets.0.layout.w`); server errors never leak internals.
 */
export interface ErrorHandlerOptions {
  /** Seconds a client should wait after the store could not be reached (default 1). */
  storeRetryAfterS?: () => number;
}

/** A store that cannot answer (connection lost, write lock held elsewhere) as the domain words it. */
function storeUnavailable(error: unknown, retryAfterS: number): DomainError | null {
  const kind = storeFaultOf(error);
  if (kind === null) return null;
  const what =
    kind === 'locked'
      ? 'the database is busy with another write (an import?)'
      : 'the database cannot be reached right now';
  return unavailable(`${what}; nothing was changed: try again in ${retryAfterS} s`, retryAfterS, {
    entity: 'store',
    ...(kind === 'locked' ? { rule: 'locked' } : {}),
  });
}

export function installErrorHandlers(app: FastifyInstance, options: ErrorHandlerOptions = {}): void {
  app.setErrorHandler((thrown: FastifyError, request, reply) => {
    const fault =
      thrown instanceof DomainError ? null : storeUnavailable(thrown, options.storeRetryAfterS?.() ?? 1);
    // Expected while the store is away: one warning line, not an internal error with its stack.
    if (fault) request.log.warn({ store_error: faultText(thrown) }, fault.message);
    const error = fault ?? thrown;
    if (error instanceof DomainError) {
      const { status, body } = apiErrorOf(error);
      if (error.code === 'unavailable' || error.code === 'rate_limited')
        reply.header('retry-after', String(error.params.retry_after_s ?? 5));
      return reply.code(status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => {
        const field = fieldOf(issue.instancePath, issue.params as Record<string, unknown>) || '(request)';
        return { field, message: issue.message ?? 'is invalid' };
      });
      const first = details[0]!;
      const body: ApiError = {
        error: 'bad_request',
        message: `${first.field}: ${first.message}`,
        field: first.field,
        details,
      };
      return reply.code(400).send(body);
    }
    if (malformedMultipart(error)) {
      const body: ApiError = {
        error: 'bad_request',
        message: `the upload's multipart body is malformed: ${error.message}`,
        field: 'files',
      };
      return reply.code(400).send(body);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const body: ApiError = { error: CODE_BY_STATUS[status] ?? 'bad_request', message: error.message };
      return reply.code(status).send(body);
    }
    request.log.error({ err: error }, 'request failed');
    const body: ApiError = { error: 'internal_error', message: 'the server could not answer this request' };
    return reply.code(500).send(body);
  });
}
