import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError } from '../core/contracts/api.ts';

const MEGABYTE_NAME = 'x'.repeat(1024 * 1024);
const DATES = { start_date: '2026-04-01', due_date: '2026-06-30' };

// Names are shown in the web app and printed by `udn goals`: a 1 MB name or one carrying NUL or
// ESC is refused at the door, naming the field, and nothing is stored.
describe.each(DIALECTS)('names and notes sent to the API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  const send = (method: 'POST' | 'PATCH', url: string, payload: object) =>
    t.app.inject({ method, url, payload });
  const counts = async () => ({
    goals: (await t.getJson<{ goals: unknown[] }>('/api/v1/goals?today=2026-05-01')).goals.length,
    folders: (await t.getJson<unknown[]>('/api/v1/goal-folders')).length,
    dashboards: (await t.getJson<unknown[]>('/api/v1/dashboards')).length,
    tasks: (await t.getJson<{ total: number }>('/api/v1/tasks')).total,
  });
  const expectRefused = async (
    method: 'POST' | 'PATCH',
    url: string,
    payload: object,
    field: string,
    message: RegExp,
  ) => {
    const before = await counts();
    const response = await send(method, url, payload);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    const body = response.json<ApiError>();
    expect(body.field).toBe(field);
    expect(body.message).toMatch(message);
    expect(response.body.length).toBeLessThan(2000);
    expect(await counts()).toEqual(before);
  };

  it.each([
    ['a 1 MB name', MEGABYTE_NAME, /name: must be at most 200 characters/],
    ['a NUL', 'Q2\u0000push', /name: must not contain control characters/],
    ['an ESC sequence', '\u001B]8;;http://evil\u0007Q2', /name: must not contain control characters/],
    ['a line break', 'Q2\npush', /name: must not contain control characters or line breaks/],
    ['a C1 CSI', 'Q2\u009B2J', /name: must not contain control characters/],
  ])('a goal named with %s → 400 naming "name", nothing stored', async (_, name, message) => {
    await expectRefused('POST', '/api/v1/goals', { name, ...DATES }, 'name', message);
  });

  it('targets, descriptions, folders, dashboards and tasks are held to the same rules', async () => {
    await expectRefused(
      'POST',
      '/api/v1/goals',
      { name: 'Q2', ...DATES, targets: [{ kind: 'number', name: 'A\u001B[31m', target_value: 1 }] },
      'targets.0.name',
      /must not contain control characters/,
    );
    await expectRefused(
      'POST',
      '/api/v1/goals',
      { name: 'Q2', ...DATES, description: 'x'.repeat(10_001) },
      'description',
      /at most 10,000 characters/,
    );
    await expectRefused(
      'POST',
      '/api/v1/goals',
      { name: 'Q2', ...DATES, description: 'a\u0000b' },
      'description',
      /control/,
    );
    await expectRefused('POST', '/api/v1/goal-folders', { name: '\u001B[2J' }, 'name', /control/);
    await expectRefused('POST', '/api/v1/dashboards', { name: 'x'.repeat(121) }, 'name', /at most 120/);
    await expectRefused('POST', '/api/v1/dashboards', { name: 'Board\u0007' }, 'name', /control/);
    await expectRefused('POST', '/api/v1/tasks', { title: 'Call\u0000' }, 'title', /control/);
  });

  it('an edit with a control character changes nothing; line breaks in a description and bidi text are kept', async () => {
    const response = await send('POST', '/api/v1/goals', {
      name: '\u202Egnp.exe مرحبا',
      ...DATES,
      description: 'line one\nline two\tindented',
    });
    expect(response.statusCode, response.body).toBe(201);
    const goal = response.json<{ id: number; name: string; description: string; version: number }>();
    expect(goal.name).toBe('\u202Egnp.exe مرحبا');
    expect(goal.description).toBe('line one\nline two\tindented');
    const edit = await send('PATCH', `/api/v1/goals/${goal.id}`, { name: 'New\u001B' });
    expect(edit.statusCode).toBe(400);
    expect(edit.json<ApiError>().field).toBe('name');
    const stored = await t.getJson<{ name: string }>(`/api/v1/goals/${goal.id}?today=2026-05-01`);
    expect(stored.name).toBe('\u202Egnp.exe مرحبا');
  });
});
