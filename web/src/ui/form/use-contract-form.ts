import { useForm } from '@mantine/form';
import { type FormEvent, useEffect, useRef } from 'react';
import type { z } from 'zod';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { type ContractIssue, contractErrors, errorAt, type FieldErrors } from './contract-errors.ts';

type Amount = number | '';
/** The fields of a form that hold an amount typed in a NumberInput ('' when empty). */
type AmountField<V> = {
  [K in keyof V]: V[K] extends Amount ? (Amount extends V[K] ? K : never) : never;
}[keyof V] &
  string;

export interface ContractFormOptions<V extends object, Body> {
  /** The request's contract (src/core/contracts): the very rules the API applies to the body. */
  schema: z.ZodType;
  /** The form's values, keyed by the API's field names so that a problem lands on its input. */
  initialValues: V;
  /** The request body the values make: what the contract checks and the submit handler receives. */
  toBody: (values: V) => Body;
  /**
   * What the contract cannot say alone (a due date before the start, a field one kind needs): a
   * message by field, or a falsy value where the field is fine.
   */
  rules?: (values: V, body: Body) => Partial<Record<keyof V & string, string | false | undefined>>;
  /** This form's own words for a contract issue (a target value's rule); undefined: the general words. */
  issueMessage?: (issue: ContractIssue, body: Body) => string | undefined;
  /** The save's failure (a mutation's error): a refused field on its input, anything else under the form. */
  error?: unknown;
  /** The fields with an input that shows a refusal; default every value. A refusal of any other is the form's. */
  fields?: readonly string[];
  /**
   * Check while the reader types (a filter's dates) instead of from the first save on. A problem of a
   * field still empty shows only after a save: an empty form is not wrong, just not done.
   */
  live?: boolean;
}

const isBlank = (value: unknown) => value === '' || value === null || value === undefined;

/**
 * One way to write a form: Mantine's form state checked by the shared zod contract of the request it
 * sends — the API's own rules, in the reader's language, on the field they concern — and the API's
 * refusal of a field shown on that field too. Before the first save nothing is flagged; from then on
 * every change checks again, so a problem goes away as soon as it is fixed.
 */
export function useContractForm<V extends object, Body>(options: ContractFormOptions<V, Body>) {
  const { schema, initialValues, toBody, rules, issueMessage, error, fields, live = false } = options;
  const { t } = useI18n();
  const saved = useRef(false);

  /** Every problem of the values: the form's rules, then the contract's. */
  const problems = (values: V): FieldErrors => {
    const body = toBody(values);
    const errors: FieldErrors = {};
    for (const [field, message] of Object.entries(rules?.(values, body) ?? {})) {
      if (typeof message === 'string' && message) errors[field] = message;
    }
    const own = issueMessage && ((issue: ContractIssue) => issueMessage(issue, body));
    return Object.assign(errors, contractErrors(schema, body, t, own));
  };
  /** The problems to flag: all after a save; while typing (live) only those of fields filled in. */
  const flagged = (values: V): FieldErrors => {
    const errors = problems(values);
    if (saved.current) return errors;
    return Object.fromEntries(
      Object.entries(errors).filter(
        ([path]) => !isBlank((values as Record<string, unknown>)[path.split('.')[0] ?? path]),
      ),
    );
  };

  const form = useForm<V>({
    mode: 'controlled',
    initialValues,
    validate: flagged,
    clearInputErrorOnChange: false,
  });

  // Checked again after each change once it matters (after a save, or live), with this render's rules.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the values are what a check follows
  useEffect(() => {
    if (saved.current || live) form.validate();
  }, [form.values]);

  const refusal = fieldErrorOf(error);
  const shownOn = fields ?? Object.keys(initialValues);
  const refusedField = refusal !== null && shownOn.some((field) => messageFor(refusal, field) !== undefined);

  /** The problem to show on a field: the form's own check first, then the API's refusal. */
  const errorOf = (field: string): string | undefined =>
    errorAt(form.errors, field) ?? messageFor(refusal, field);

  return {
    form,
    values: form.values,
    errorOf,
    /** The failure that names no input of this form, e.g. the server unreachable. */
    formError: error instanceof Error && !refusedField ? error.message : null,
    /** Whether the values would pass the contract now (for a button that stays off until they do). */
    valid: () => Object.keys(problems(form.getValues())).length === 0,
    /** Value, change, focus and error props for the input of one field. */
    field: <K extends keyof V & string>(field: K, type: 'input' | 'checkbox' = 'input') => ({
      ...form.getInputProps(field, { type, withError: false }),
      error: errorOf(field),
    }),
    /** The same for a NumberInput: anything but a number ('' or a lone '-') is an empty amount. */
    amount: <K extends AmountField<V>>(field: K) => ({
      ...form.getInputProps(field, { withError: false }),
      onChange: (value: string | number) =>
        form.setValues({ [field]: typeof value === 'number' ? value : '' } as Partial<V>),
      error: errorOf(field),
    }),
    /** Starts over with these values, nothing flagged (a dialog opened again). */
    reset: (values: V) => {
      saved.current = false;
      form.setValues(values);
      form.clearErrors();
    },
    /** A submit handler that checks first and hands over the body only when it passes. */
    onSubmit: (send: (body: Body, values: V) => void) => (event?: FormEvent) => {
      event?.preventDefault();
      saved.current = true;
      if (form.validate().hasErrors) return;
      const values = form.getValues();
      send(toBody(values), values);
    },
  };
}

export type ContractForm<V extends object, Body> = ReturnType<typeof useContractForm<V, Body>>;
