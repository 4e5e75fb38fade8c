import type { ApiError } from '../core/contracts/api.ts';

/** An error with the HTTP status and ApiError body it should produce; `field` names the offending input. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: ApiError['details'],
  ) {
    super(message);
  }

  toBody(): ApiError {
    return {
      error: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

export const badRequest = (field: string, message: string): HttpError =>
  new HttpError(400, 'bad_request', `${field}: ${message}`, field, [{ field, message }]);

export const notFound = (message: string, field?: string): HttpError =>
  new HttpError(404, 'not_found', message, field);
