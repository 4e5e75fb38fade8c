import { errorReason } from '../i18n/error-text.ts';
import { activeLocale } from '../i18n/translate.ts';
import { HttpError } from './client.ts';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The input a refused request names (a 400's `field`, e.g. `target_value` or `shares.1`), if any,
 * with why in the reader's language (the server's words when the catalogue does not have them).
 */
export function fieldErrorOf(error: unknown): FieldError | null {
  if (!(error instanceof HttpError) || error.status !== 400 || !error.body?.field) return null;
  const detail = error.body.details?.find((item) => item.field === error.body?.field);
  return {
    field: error.body.field,
    message: errorReason(error, activeLocale()) ?? detail?.message ?? error.body.message,
  };
}

/** The message for one input: the field itself or one of its items (`shares` matches `shares.0`). */
export function messageFor(error: FieldError | null, field: string): string | undefined {
  if (!error) return undefined;
  return error.field === field || error.field.startsWith(`${field}.`) ? error.message : undefined;
}

/** Whether the request failed because someone else saved first (a stale `version`). */
export const isConflict = (error: unknown): boolean => error instanceof HttpError && error.status === 409;
