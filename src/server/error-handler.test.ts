import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ApiError } from '../core/contracts/api.ts';
import { API_ERROR_NAMES, errorCodeOf } from '../core/contracts/errors.ts';
import { DomainError, ERROR_CODES, type ErrorCode, invalid, notFound, staleVersion } from '../core/errors.ts';
import { installErrorHandlers } from './error-handler.ts';

/** What a route throwing `error` answers: the one mapping of domain errors to HTTP. */
async function answerTo(error: Error): Promise<{ status: number; body: ApiError }> {
  const app = Fastify();
  installErrorHandlers(app);
  app.get('/', async () => {
    throw error;
  });
  const response = await app.inject({ url: '/' });
  await app.close();
  return { status: response.statusCode, body: response.json<ApiError>() };
}

describe('a domain error as the API answers it', () => {
  it('invalid → 400 bad_request naming the field in the message and the details', async () => {
    const answer = await answerTo(
      invalid('due_date', 'is before start_date 2026-01-01', {
        rule: 'due_before_start',
        start: '2026-01-01',
      }),
    );
    expect(answer).toEqual({
      status: 400,
      body: {
        error: 'bad_request',
        message: 'due_date: is before start_date 2026-01-01',
        field: 'due_date',
        details: [{ field: 'due_date', message: 'is before start_date 2026-01-01' }],
        params: { rule: 'due_before_start', start: '2026-01-01' },
      },
    });
  });

  it('invalid without a field names the request itself', async () => {
    const answer = await answerTo(new DomainError('invalid', 'cannot be read'));
    expect(answer).toEqual({
      status: 400,
      body: {
        error: 'bad_request',
        message: '(request): cannot be read',
        field: '(request)',
        details: [{ field: '(request)', message: 'cannot be read' }],
      },
    });
  });

  it('not_found → 404 not_found with its message as it is', async () => {
    expect(await answerTo(notFound('goal_folder', 7, 'id'))).toEqual({
      status: 404,
      body: {
        error: 'not_found',
        message: 'goal folder 7 does not exist',
        field: 'id',
        params: { entity: 'goal_folder', id: 7 },
      },
    });
  });

  it('conflict → 409 conflict on the stale version', async () => {
    expect(await answerTo(staleVersion('dashboard', 3, 5, 4))).toEqual({
      status: 409,
      body: {
        error: 'conflict',
        message:
          'dashboard 3 was saved by someone else (version 5; this save was based on version 4): reload it and apply the change again',
        field: 'version',
        params: { entity: 'dashboard', id: 3, current: 5, sent: 4 },
      },
    });
  });

  it('data_changed → 409 data_changed', async () => {
    const answer = await answerTo(
      new DomainError('data_changed', 'the data changed since it was counted', {
        field: 'dataVersion',
        params: { expected: 2, current: 3 },
      }),
    );
    expect(answer).toEqual({
      status: 409,
      body: {
        error: 'data_changed',
        message: 'the data changed since it was counted',
        field: 'dataVersion',
        params: { expected: 2, current: 3 },
      },
    });
  });

  it('busy → 409 import_running, without a field', async () => {
    const answer = await answerTo(
      new DomainError('busy', 'an upload is being imported', { params: { entity: 'upload' } }),
    );
    expect(answer).toEqual({
      status: 409,
      body: { error: 'import_running', message: 'an upload is being imported', params: { entity: 'upload' } },
    });
  });

  it('too_large → 413 payload_too_large', async () => {
    const answer = await answerTo(
      new DomainError('too_large', 'deals.csv is larger than the upload limit', {
        field: 'files',
        params: { file: 'deals.csv', limit_bytes: 1024 },
      }),
    );
    expect(answer).toEqual({
      status: 413,
      body: {
        error: 'payload_too_large',
        message: 'deals.csv is larger than the upload limit',
        field: 'files',
        params: { file: 'deals.csv', limit_bytes: 1024 },
      },
    });
  });

  it('unsupported_media_type → 415 unsupported_media_type, with no params when there are none', async () => {
    const answer = await answerTo(
      new DomainError('unsupported_media_type', 'upload the files as multipart/form-data', {
        field: 'files',
      }),
    );
    expect(answer).toEqual({
      status: 415,
      body: {
        error: 'unsupported_media_type',
        message: 'upload the files as multipart/form-data',
        field: 'files',
      },
    });
  });

  it('answers every other error as a 500 that leaks nothing', async () => {
    const answer = await answerTo(new Error('SQLITE_BUSY: database is locked at /srv/udn.sqlite'));
    expect(answer).toEqual({
      status: 500,
      body: { error: 'internal_error', message: 'the server could not answer this request' },
    });
  });

  it('has a status for every code, and clients read the code back from the body', async () => {
    const tested: ErrorCode[] = [
      'invalid',
      'not_found',
      'conflict',
      'data_changed',
      'busy',
      'too_large',
      'unsupported_media_type',
      'unavailable',
      'unauthorized',
      'forbidden',
      'rate_limited',
    ];
    expect([...ERROR_CODES].sort()).toEqual([...tested].sort());
    for (const code of ERROR_CODES) {
      const { status, body } = await answerTo(new DomainError(code, 'refused', { field: 'x' }));
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(code === 'unavailable' ? 504 : 500);
      expect(body.error, code).toBe(API_ERROR_NAMES[code]);
      expect(errorCodeOf(body.error), code).toBe(code);
    }
    expect(errorCodeOf('method_not_allowed')).toBeUndefined();
  });
});

describe('a store that cannot answer as the API answers it', () => {
  it('a lost PostgreSQL connection → 503 service_unavailable with Retry-After, nothing changed', async () => {
    const app = Fastify();
    installErrorHandlers(app, { storeRetryAfterS: () => 4 });
    app.get('/', async () => {
      throw Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      });
    });
    const response = await app.inject({ url: '/' });
    await app.close();
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('4');
    expect(response.json<ApiError>()).toEqual({
      error: 'service_unavailable',
      message: 'the database cannot be reached right now; nothing was changed: try again in 4 s',
      params: { entity: 'store', retry_after_s: 4 },
    });
  });

  it('a SQLite write lock held elsewhere → 503 saying the database is busy', async () => {
    const answer = await answerTo(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(answer.status).toBe(503);
    expect(answer.body.message).toBe(
      'the database is busy with another write (an import?); nothing was changed: try again in 1 s',
    );
  });

  it('any other error stays a 500 that leaks nothing', async () => {
    const answer = await answerTo(
      Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' }),
    );
    expect(answer).toEqual({
      status: 500,
      body: { error: 'internal_error', message: 'the server could not answer this request' },
    });
  });
});
