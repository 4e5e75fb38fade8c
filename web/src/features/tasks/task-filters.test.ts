import { describe, expect, it } from 'vitest';
import { readTaskView, taskQuery } from './task-filters.ts';

describe('tasks page filters', () => {
  it('reads the view from the URL, open tasks by default', () => {
    expect(readTaskView(new URLSearchParams(''))).toEqual({
      assignee: null,
      status: 'open',
      due: 'any',
      type: null,
      page: 1,
    });
    expect(readTaskView(new URLSearchParams('status=all&due=week&type=call&page=3&assignee=R02'))).toEqual({
      assignee: 'R02',
      status: 'all',
      due: 'week',
      type: 'call',
      page: 3,
    });
    expect(readTaskView(new URLSearchParams('due=later&type=fax')).due).toBe('any');
  });

  it('asks the API for what it can filter, and for everything when filtering by type', () => {
    const view = readTaskView(new URLSearchParams('due=week&page=2'));
    expect(taskQuery(view, '2026-11-28', 50)).toEqual({
      status: 'open',
      due_from: '2026-11-23',
      due_to: '2026-11-29',
      limit: 50,
      offset: 50,
    });
    expect(taskQuery(readTaskView(new URLSearchParams('due=overdue&type=email')), '2026-11-28', 50)).toEqual({
      status: 'open',
      overdue: true,
      limit: 5000,
      offset: 0,
    });
  });
});
