import type { z } from 'zod';
import type { Translate } from '../../i18n/i18n-context.tsx';

/** Problems of a form by the API's own field path (`name`, `shares.1`, `target_value`). */
export type FieldErrors = Record<string, string>;
export type ContractIssue = z.core.$ZodIssue;

const issuePath = (issue: ContractIssue): string => issue.path.map(String).join('.');

const isEmpty = (input: unknown): boolean =>
  input === undefined || input === null || (typeof input === 'string' && input.trim() === '');

/**
 * A contract's issue in the reader's language. Zod words its issues in English for the API's
 * callers; a form says the same by the issue's code and limits (1 000 000, 200 characters).
 */
export function issueMessage(issue: ContractIssue, t: Translate): string {
  if (issue.code !== 'too_big' && isEmpty(issue.input)) return t('form.required');
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return t('form.tooShort', { min: Number(issue.minimum) });
      if (issue.origin === 'array') return t('form.tooFew', { min: Number(issue.minimum) });
      return t('form.atLeast', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return t('form.tooLong', { max: Number(issue.maximum) });
      if (issue.origin === 'array') return t('form.tooMany', { max: Number(issue.maximum) });
      return t('form.atMost', { max: Number(issue.maximum) });
    case 'invalid_type':
      if (issue.expected === 'int') return t('form.whole');
      return issue.expected === 'number' ? t('form.number') : t('form.invalid');
    case 'invalid_format':
      return t('form.format');
    case 'custom':
      // A name or note with a control character (core/contracts/text-fields.ts).
      if (issue.params?.control_characters === 'line') return t('form.noControlLine');
      if (issue.params?.control_characters === 'text') return t('form.noControlText');
      // A text read by one of core's parsers (a scope) that does not parse is in the wrong form.
      return issue.params?.format ? t('form.format') : t('form.invalid');
    default:
      return t('form.invalid');
  }
}

/**
 * What a contract finds wrong with a request body, one message per field path (its first issue).
 * `own` words the issues a form says better itself (a target value's rule); undefined: the general words.
 */
export function contractErrors(
  schema: z.ZodType,
  body: unknown,
  t: Translate,
  own?: (issue: ContractIssue) => string | undefined,
): FieldErrors {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issuePath(issue);
    if (!(path in errors)) errors[path] = own?.(issue) ?? issueMessage(issue, t);
  }
  return errors;
}

/** The problem of a field or of one of its items (`shares` shows `shares.1`'s). */
export function errorAt(errors: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const key = field in errors ? field : Object.keys(errors).find((path) => path.startsWith(`${field}.`));
  const error = key === undefined ? undefined : errors[key];
  return typeof error === 'string' ? error : undefined;
}
