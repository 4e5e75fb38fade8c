import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { getJson, sendJson } from './client.ts';
import { refreshGoals } from './goal-refresh.ts';
import { queryKeys } from './query-keys.ts';
import type { Task, TaskCreate, TaskList, TaskStatus, TaskUpdate } from './types.ts';

/** GET /tasks filters, as the API names them. */
export interface TaskFilter {
  assignee_rep_id?: string;
  status?: TaskStatus;
  target_id?: number;
  goal_id?: number;
  due_from?: string;
  due_to?: string;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export const useTasks = (filter: TaskFilter, enabled = true) =>
  useQuery({
    queryKey: queryKeys.tasks({ ...filter }),
    queryFn: ({ signal }) => getJson<TaskList>('/api/v1/tasks', { ...filter }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });

function patchTaskLists(client: QueryClient, id: number, patch: (task: Task) => Task): void {
  client.setQueriesData<TaskList>({ queryKey: ['tasks', 'list'] }, (list) =>
    list ? { ...list, tasks: list.tasks.map((task) => (task.id === id ? patch(task) : task)) } : list,
  );
}

export function useCreateTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TaskCreate) => sendJson<Task>('POST', '/api/v1/tasks', body),
    onSuccess: () => refreshGoals(client),
  });
}

/**
 * PATCH a task. Ticking one shows at once (the lists are patched before the answer); the goal it
 * counts for moves when the refresh brings the progress the API computed.
 */
export function useUpdateTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: TaskUpdate & { id: number }) =>
      sendJson<Task>('PATCH', `/api/v1/tasks/${id}`, body),
    onMutate: ({ id, status }) => {
      if (status)
        patchTaskLists(client, id, (task) => ({
          ...task,
          status,
          overdue: status === 'open' && task.overdue,
        }));
    },
    onSuccess: (task) => patchTaskLists(client, task.id, () => task),
    onSettled: () => refreshGoals(client),
  });
}

export function useDeleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<null>('DELETE', `/api/v1/tasks/${id}`),
    onSuccess: () => refreshGoals(client),
  });
}
