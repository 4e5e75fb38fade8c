import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../src/core/contracts/api.ts';
import { HttpError } from '../api/client.ts';
import { fieldErrorOf, messageFor } from '../api/field-error.ts';
import { en } from './en.ts';
import { errorMessage, errorReason } from './error-text.ts';
import { id } from './id.ts';
import { setActiveLocale, translator } from './translate.ts';

/** A refused request as the client holds it, from the body the server sent. */
const refused = (status: number, body: ApiError) => new HttpError(status, body, body);

const tooLarge = (limitBytes: number) =>
  refused(413, {
    error: 'payload_too_large',
    message: `deals.csv is larger than the upload limit of ${limitBytes} bytes: import it with "udn import DIR" instead`,
    field: 'files',
    params: { file: 'deals.csv', limit_bytes: limitBytes },
  });

afterEach(() => setActiveLocale('en'));

describe('a store that cannot answer (503)', () => {
  const storeError = (params: Record<string, string | number>) =>
    refused(503, { error: 'service_unavailable', message: 'the database …', params });

  it('says the database is busy with a write when the lock is held, else that it cannot be reached', () => {
    const locked = storeError({ entity: 'store', rule: 'locked', retry_after_s: 1 });
    expect(errorReason(locked, 'en')).toBe(
      'the database is busy with another write (an import?); nothing was changed: try again in 1 s',
    );
    expect(errorReason(locked, 'id')).toBe(
      'basis data sedang sibuk dengan penulisan lain (sebuah impor?); tidak ada yang diubah: coba lagi dalam 1 detik',
    );
    expect(errorReason(storeError({ entity: 'store', retry_after_s: 5 }), 'en')).toBe(
      'the server cannot reach its database right now; nothing was changed: try again in 5 s',
    );
  });
});

describe('a refused request, worded by its code', () => {
  it('reads the domain error code, field and params from the ApiError body', () => {
    const error = tooLarge(1);
    expect(error).toMatchObject({
      status: 413,
      code: 'too_large',
      field: 'files',
      params: { file: 'deals.csv', limit_bytes: 1 },
    });
  });

  it('words an upload over the limit in English and Indonesian, with the plural each language uses', () => {
    expect(errorReason(tooLarge(1), 'en')).toBe(
      'deals.csv is larger than the upload limit of 1 byte: import it with “udn import DIR” instead',
    );
    expect(errorReason(tooLarge(512), 'en')).toBe(
      'deals.csv is larger than the upload limit of 512 bytes: import it with “udn import DIR” instead',
    );
    // Indonesian has one form for every count (Intl.PluralRules: "other" only).
    expect(errorReason(tooLarge(1), 'id')).toBe(
      'deals.csv melebihi batas unggahan 1 byte: impor dengan “udn import DIR”',
    );
    expect(errorReason(tooLarge(512), 'id')).toBe(
      'deals.csv melebihi batas unggahan 512 byte: impor dengan “udn import DIR”',
    );
    expect(errorReason(tooLarge(3 * 1024 * 1024), 'id')).toBe(
      'deals.csv melebihi batas unggahan 3 MB: impor dengan “udn import DIR”',
    );
  });

  it('shows the message in the language the app is shown in, switching with it', () => {
    const error = tooLarge(2048);
    expect(error.message).toBe(
      'deals.csv is larger than the upload limit of 2,048 bytes: import it with “udn import DIR” instead',
    );
    setActiveLocale('id');
    expect(error.message).toBe('deals.csv melebihi batas unggahan 2.048 byte: impor dengan “udn import DIR”');
  });

  it('words a field error by its rule, params in the reader’s words, and keeps the field for forms', () => {
    const error = refused(400, {
      error: 'bad_request',
      message:
        'updated_by: is required: this write changes the sales quota, and every change of a quota is recorded with who made it',
      field: 'updated_by',
      details: [
        {
          field: 'updated_by',
          message:
            'is required: this write changes the sales quota, and every change of a quota is recorded with who made it',
        },
      ],
      params: { rule: 'quota_who', doing: 'change' },
    });
    setActiveLocale('id');
    const field = fieldErrorOf(error);
    expect(field).toEqual({
      field: 'updated_by',
      message:
        'wajib diisi: penyimpanan ini mengubah kuota penjualan, dan setiap perubahan kuota dicatat beserta siapa yang membuatnya',
    });
    expect(messageFor(field, 'updated_by')).toBe(field?.message);
    expect(error.message).toBe(`updated_by: ${field?.message}`);
    setActiveLocale('en');
    expect(fieldErrorOf(error)?.message).toBe(
      'is required: this write changes the sales quota, and every change of a quota is recorded with who made it',
    );
  });

  it('counts decimals with plural forms', () => {
    const decimals = (digits: number) => ({
      code: 'invalid' as const,
      field: 'value',
      params: { rule: 'currency_decimals', currency: 'USD', digits },
    });
    expect(errorReason(decimals(0), 'en')).toBe('has more decimals than USD has (0 decimals)');
    expect(errorReason(decimals(1), 'en')).toBe('has more decimals than USD has (1 decimal)');
    expect(errorReason(decimals(2), 'id')).toBe('desimalnya lebih banyak daripada USD (2 desimal)');
  });

  it('words a missing record and a stale save by what they are about', () => {
    const missing = { code: 'not_found' as const, field: 'id', params: { entity: 'goal_folder', id: 7 } };
    expect(errorReason(missing, 'en')).toBe('goal folder 7 does not exist');
    expect(errorReason(missing, 'id')).toBe('folder sasaran 7 tidak ada');
    const stale = {
      code: 'conflict' as const,
      field: 'version',
      params: { entity: 'dashboard', id: 3, current: 5, sent: 4 },
    };
    expect(errorReason(stale, 'id')).toBe(
      'dasbor 3 sudah disimpan orang lain (versi 5; simpanan ini berdasar versi 4): muat ulang lalu ulangi perubahannya',
    );
  });

  it('falls back to the server’s English for what the catalogue does not word', () => {
    // A failed validation: no rule, only the server's words.
    const validation = refused(400, {
      error: 'bad_request',
      message: 'start_date: is not a calendar date',
      field: 'start_date',
      details: [{ field: 'start_date', message: 'is not a calendar date' }],
    });
    setActiveLocale('id');
    expect(fieldErrorOf(validation)).toEqual({ field: 'start_date', message: 'is not a calendar date' });
    expect(validation.message).toBe('start_date: is not a calendar date');
    // A rule or an entity the catalogue does not know.
    expect(
      errorMessage(
        { code: 'invalid', field: 'x', params: { rule: 'from_the_future' } },
        'x: server words',
        'id',
      ),
    ).toBe('x: server words');
    expect(
      errorMessage(
        { code: 'not_found', field: 'file', params: { entity: 'import_file' } },
        'server words',
        'id',
      ),
    ).toBe('server words');
    // A failure that is no domain error at all.
    const gone = refused(405, { error: 'method_not_allowed', message: 'Method DELETE not allowed' });
    expect(gone.code).toBeUndefined();
    expect(gone.message).toBe('Method DELETE not allowed');
    expect(new HttpError(502, null, 'Bad gateway').message).toBe('HTTP 502');
  });

  it('has every error message in both languages, with the same placeholders', () => {
    // `{name}`, and the number a plural block `{count, plural, …}` is chosen by.
    const placeholders = (text: string) =>
      [...new Set([...text.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)].map((match) => match[1]))].sort();
    const keys = Object.keys(en).filter((key) => key.startsWith('error.')) as (keyof typeof en)[];
    expect(keys.length).toBeGreaterThan(30);
    for (const key of keys) {
      expect(id[key], key).toBeTruthy();
      expect(placeholders(id[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe('plural', () => {
  it('picks the form by Intl.PluralRules and writes the count in the language’s digits', () => {
    expect(translator('en').plural('error.bytes', 1)).toBe('1 byte');
    expect(translator('en').plural('error.bytes', 1200)).toBe('1,200 bytes');
    expect(translator('id').plural('error.bytes', 1)).toBe('1 byte');
    expect(translator('id').plural('error.bytes', 1200)).toBe('1.200 byte');
  });
});
