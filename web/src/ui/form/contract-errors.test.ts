import { describe, expect, it } from 'vitest';
import {
  goalCreateSchema,
  goalFolderCreateSchema,
  targetCreateSchema,
  targetValueUpdateSchema,
  taskCreateSchema,
} from '../../../../src/core/contracts/goals.ts';
import { translator } from '../../i18n/translate.ts';
import { contractErrors, errorAt } from './contract-errors.ts';

/** The app's own translation of a key, as the I18nProvider gives it. */
const translate = (locale: 'en' | 'id') => translator(locale).t;
const t = translate('en');

describe('a contract checks a form in the reader’s words, by the API’s field path', () => {
  it('says an empty required field is required', () => {
    expect(
      contractErrors(
        goalCreateSchema,
        { name: '  ', start_date: '', due_date: '2026-03-31', shares: ['org'] },
        t,
      ),
    ).toEqual({ name: 'Required', start_date: 'Required' });
    expect(contractErrors(taskCreateSchema, { title: '' }, t)).toEqual({ title: 'Required' });
    // A value not sent at all is missing too.
    expect(contractErrors(targetValueUpdateSchema, { value: undefined, updated_by: 'Rina' }, t)).toEqual({
      value: 'Required',
    });
  });

  it('words limits with their figures, and keys an item by its path', () => {
    expect(contractErrors(goalFolderCreateSchema, { name: 'x'.repeat(201) }, t)).toEqual({
      name: 'At most 200 characters',
    });
    expect(
      contractErrors(targetCreateSchema, { kind: 'number', name: 'Calls', weight: 2_000_000 }, t),
    ).toEqual({
      weight: 'At most 1,000,000',
    });
    expect(contractErrors(targetCreateSchema, { kind: 'number', name: 'Calls', position: 1.5 }, t)).toEqual({
      position: 'A whole number',
    });
    const errors = contractErrors(
      goalCreateSchema,
      { name: 'Q1', start_date: '2026-01-01', due_date: '2026-03-31', shares: ['org', 'everyone'] },
      t,
    );
    expect(errors).toEqual({ 'shares.1': 'Not in the expected form' });
    expect(errorAt(errors, 'shares')).toBe('Not in the expected form');
    expect(errorAt(errors, 'name')).toBeUndefined();
  });

  it('says a name may hold no control character, and a description only line breaks and tabs', () => {
    const dates = { start_date: '2026-01-01', due_date: '2026-03-31' };
    expect(contractErrors(goalCreateSchema, { name: 'Q1\u001B[31m', ...dates }, t)).toEqual({
      name: 'No control characters or line breaks',
    });
    expect(contractErrors(goalCreateSchema, { name: 'Q1', description: 'a\nb\u0000', ...dates }, t)).toEqual({
      description: 'No control characters (line breaks and tabs are fine)',
    });
    expect(contractErrors(taskCreateSchema, { title: 'Call\nBudi' }, translate('id'))).toEqual({
      title: 'Tanpa karakter kontrol atau baris baru',
    });
  });

  it('lets a form word an issue itself, and speaks Indonesian in Indonesian', () => {
    const body = { kind: 'currency', name: 'Refunds', target_value: -5000 };
    expect(contractErrors(targetCreateSchema, body, t)).toEqual({ target_value: 'Not valid' });
    expect(
      contractErrors(targetCreateSchema, body, t, (issue) =>
        issue.code === 'custom' ? 'An amount is never negative' : undefined,
      ),
    ).toEqual({ target_value: 'An amount is never negative' });
    expect(contractErrors(taskCreateSchema, { title: '' }, translate('id'))).toEqual({
      title: 'Wajib diisi',
    });
    expect(contractErrors(goalFolderCreateSchema, { name: 'x'.repeat(201) }, translate('id'))).toEqual({
      name: 'Paling banyak 200 karakter',
    });
  });

  it('finds nothing wrong with a body the API accepts', () => {
    expect(
      contractErrors(
        goalCreateSchema,
        { name: 'Q1', description: null, start_date: '2026-01-01', due_date: '2026-03-31', shares: ['org'] },
        t,
      ),
    ).toEqual({});
  });
});
