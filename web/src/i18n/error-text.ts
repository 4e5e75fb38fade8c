import type { ErrorCode, ErrorParams } from '../../../src/core/contracts/errors.ts';
import type { Locale } from '../api/types.ts';
import { hasMessage, type Plural, type Translate, translator } from './translate.ts';

/** A refused request as the server described it: its domain error code, the field, the message's values. */
export interface ErrorFacts {
  code: ErrorCode | undefined;
  field: string | undefined;
  params: ErrorParams;
}

const MEBIBYTE = 1024 * 1024;

/** An upload limit as the server states it: whole megabytes from 1 MB, else bytes. */
const sizeText = (bytes: number, plural: Plural): string =>
  bytes >= MEBIBYTE ? plural('error.megabytes', Math.round(bytes / MEBIBYTE)) : plural('error.bytes', bytes);

/** The message's values in the reader's words: names of kinds and actions, sizes, counts. */
function valuesOf(params: ErrorParams, t: Translate, plural: Plural): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    const word = `error.param.${name}.${value}`;
    values[name] = hasMessage(word) ? t(word) : value;
  }
  if (typeof params.limit_bytes === 'number') values.limit = sizeText(params.limit_bytes, plural);
  if (typeof params.digits === 'number') values.digits = plural('error.decimals', params.digits);
  if (params.file === '') values.file = t('error.aFile');
  return values;
}

/**
 * Why a request was refused, in the reader's language, worded from its code and params rather than
 * from the server's English: `error.<code>.<rule or entity>`, else `error.<code>`. Undefined when the
 * catalogue does not word it (a code or rule it does not know, a failed validation), so the caller
 * shows the server's message.
 */
export function errorReason(error: ErrorFacts, locale: Locale): string | undefined {
  if (error.code === undefined) return undefined;
  const variant = error.params.rule ?? error.params.entity;
  const key = [variant === undefined ? '' : `error.${error.code}.${variant}`, `error.${error.code}`].find(
    hasMessage,
  );
  if (key === undefined) return undefined;
  const { t, plural } = translator(locale);
  return t(key, valuesOf(error.params, t, plural));
}

/**
 * The whole message: an invalid input's reason after its field (`due_date: …`), as the server writes
 * it; the server's own message when the catalogue does not word the error.
 */
export function errorMessage(error: ErrorFacts, serverMessage: string, locale: Locale): string {
  const reason = errorReason(error, locale);
  if (reason === undefined) return serverMessage;
  return error.code === 'invalid' && error.field !== undefined ? `${error.field}: ${reason}` : reason;
}
