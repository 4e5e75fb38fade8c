/**
 * Why a goals, targets or tasks operation was refused. Services are shared by the API and the CLI,
 * so they do not know HTTP: the routes turn `status` into the response and `field` into ApiError.field.
 */
export class GoalServiceError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: 'bad_request' | 'not_found' | 'conflict',
    readonly field: string | undefined,
    message: string,
  ) {
    super(field === undefined || status !== 400 ? message : `${field}: ${message}`);
  }

  /** The message without the field prefix. */
  get reason(): string {
    return this.field !== undefined && this.status === 400
      ? this.message.slice(this.field.length + 2)
      : this.message;
  }
}

export const invalid = (field: string, message: string): GoalServiceError =>
  new GoalServiceError(400, 'bad_request', field, message);

export const missing = (message: string, field?: string): GoalServiceError =>
  new GoalServiceError(404, 'not_found', field, message);

export const conflict = (field: string, message: string): GoalServiceError =>
  new GoalServiceError(409, 'conflict', field, message);
