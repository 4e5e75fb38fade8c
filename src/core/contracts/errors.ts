import { ERROR_CODES, type ErrorCode } from '../errors.ts';

export type { ErrorCode, ErrorParams } from '../errors.ts';

/**
 * The `error` of an ApiError body for each domain error code: the names clients have always
 * received (`bad_request` for an invalid input, `import_running` while an import runs …).
 */
export const API_ERROR_NAMES = {
  invalid: 'bad_request',
  not_found: 'not_found',
  conflict: 'conflict',
  data_changed: 'data_changed',
  busy: 'import_running',
  too_large: 'payload_too_large',
  unsupported_media_type: 'unsupported_media_type',
  unavailable: 'service_unavailable',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  rate_limited: 'too_many_requests',
} as const satisfies Record<ErrorCode, string>;

/** The domain error code an ApiError's `error` stands for, or undefined for other failures. */
export const errorCodeOf = (name: string): ErrorCode | undefined =>
  ERROR_CODES.find((code) => API_ERROR_NAMES[code] === name);
