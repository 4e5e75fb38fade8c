import type { TaskStatus, TaskType } from '../../api/types.ts';
import type { TaskFilter } from '../../api/use-tasks.ts';
import { weekRange } from '../goals/date-ranges.ts';

/** The tasks page's view, as kept in the URL (so a filtered list is a link). */
export interface TaskView {
  assignee: string | null;
  status: TaskStatus | 'all';
  due: 'any' | 'overdue' | 'today' | 'week';
  type: TaskType | null;
  page: number;
}

const TYPES: readonly string[] = ['call', 'email', 'meeting', 'todo'];
const DUES: readonly string[] = ['any', 'overdue', 'today', 'week'];

export function readTaskView(search: URLSearchParams): TaskView {
  const status = search.get('status');
  const due = search.get('due') ?? 'any';
  const type = search.get('type');
  const page = Number(search.get('page'));
  return {
    assignee: search.get('assignee') || null,
    status: status === 'done' || status === 'all' ? status : 'open',
    due: (DUES.includes(due) ? due : 'any') as TaskView['due'],
    type: type && TYPES.includes(type) ? (type as TaskType) : null,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/**
 * The GET /tasks query for a view. The API filters by assignee, status and due dates and pages the
 * answer; it has no filter by type, so with a type the page asks for up to 5,000 tasks at once and
 * filters and pages them itself.
 */
export function taskQuery(view: TaskView, today: string, pageSize: number): TaskFilter {
  const filter: TaskFilter = {};
  if (view.assignee) filter.assignee_rep_id = view.assignee;
  if (view.status !== 'all') filter.status = view.status;
  if (view.due === 'overdue') filter.overdue = true;
  if (view.due === 'today') {
    filter.due_from = today;
    filter.due_to = today;
  }
  if (view.due === 'week') {
    const week = weekRange(today);
    filter.due_from = week.from;
    filter.due_to = week.to;
  }
  if (view.type) {
    filter.limit = 5000;
    filter.offset = 0;
  } else {
    filter.limit = pageSize;
    filter.offset = (view.page - 1) * pageSize;
  }
  return filter;
}
