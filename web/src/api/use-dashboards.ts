import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Dashboard, Widget } from './types.ts';

export const useDashboards = () =>
  useQuery({
    queryKey: queryKeys.dashboards(),
    queryFn: ({ signal }) => getJson<Dashboard[]>('/api/v1/dashboards', undefined, signal),
  });

/** One dashboard; the list already holds it, so opening it costs no second round trip. */
export const useDashboard = (id: number | null, fromList?: Dashboard) =>
  useQuery({
    queryKey: queryKeys.dashboard(id ?? 0),
    queryFn: ({ signal }) => getJson<Dashboard>(`/api/v1/dashboards/${id}`, undefined, signal),
    enabled: id !== null,
    ...(fromList ? { initialData: fromList } : {}),
  });

export function useCreateDashboard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; widgets?: Widget[] }) =>
      sendJson<Dashboard>('POST', '/api/v1/dashboards', body),
    onSuccess: (dashboard) => {
      client.setQueryData(queryKeys.dashboard(dashboard.id), dashboard);
      void client.invalidateQueries({ queryKey: queryKeys.dashboards(), exact: true });
    },
  });
}

export interface DashboardPatch {
  id: number;
  version: number;
  name?: string;
  widgets?: Widget[];
}

/** PATCH with the version last seen: a stale save answers 409 rather than overwrite a teammate. */
export function useUpdateDashboard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: DashboardPatch) =>
      sendJson<Dashboard>('PATCH', `/api/v1/dashboards/${id}`, body),
    onSuccess: (dashboard) => {
      client.setQueryData(queryKeys.dashboard(dashboard.id), dashboard);
      client.setQueryData<Dashboard[]>(queryKeys.dashboards(), (list) =>
        list?.map((item) => (item.id === dashboard.id ? dashboard : item)),
      );
    },
  });
}

export function useDeleteDashboard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<null>('DELETE', `/api/v1/dashboards/${id}`),
    onSuccess: (_data, id) => {
      client.removeQueries({ queryKey: queryKeys.dashboard(id) });
      void client.invalidateQueries({ queryKey: queryKeys.dashboards(), exact: true });
    },
  });
}
