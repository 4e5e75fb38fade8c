import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider, usePrefetchQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { HttpError } from '../api/client.ts';
import { goalMapQuery } from '../api/use-goal-map.ts';
import { goalsQuery } from '../api/use-goals.ts';
import { DashboardPage } from '../features/dashboard/dashboard-page.tsx';
import { folderOf } from '../features/goals/folder-param.ts';
import { I18nProvider, useI18n } from '../i18n/i18n-context.tsx';
import { PageSkeleton } from '../ui/page-skeleton.tsx';
import { AppShellLayout } from './app-shell.tsx';
import { NotFound } from './not-found.tsx';
import { useRoute } from './router.ts';
import { cssVariablesResolver, localizedTheme } from './theme.ts';

// Pages other than the dashboard load their code when first opened: the first paint never waits for them.
const DataPage = lazy(() => import('../features/data/data-page.tsx'));
const GoalsPage = lazy(() => import('../features/goals/goals-page.tsx'));
const GoalMapPage = lazy(() => import('../features/goals/map/goal-map-page.tsx'));
const TasksPage = lazy(() => import('../features/tasks/tasks-page.tsx'));
// An office TV's kiosk (a share link): its own full-screen app, without the shell or a sign-in.
const TvApp = lazy(() => import('../features/tv/tv-app.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A 4xx will not heal by asking again; a dropped connection might.
      retry: (count, error) => !(error instanceof HttpError && error.status < 500) && count < 2,
    },
  },
});

/** Asks for a page's data while its code loads, instead of after (the goal pages load on demand). */
function PrefetchGoals({ folder }: { folder: string | null }) {
  usePrefetchQuery(goalsQuery(folderOf(folder)));
  return null;
}
function PrefetchGoalMap() {
  usePrefetchQuery(goalMapQuery());
  return null;
}

function Pages() {
  const { route, search } = useRoute();
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage dashboardId={route.dashboardId} />;
    case 'data':
      return (
        <Suspense fallback={<PageSkeleton />}>
          <DataPage />
        </Suspense>
      );
    case 'goals':
      return (
        <>
          <PrefetchGoals folder={search.get('folder')} />
          <Suspense fallback={<PageSkeleton />}>
            <GoalsPage />
          </Suspense>
        </>
      );
    case 'goal-map':
      return (
        <>
          <PrefetchGoalMap />
          <Suspense fallback={<PageSkeleton />}>
            <GoalMapPage />
          </Suspense>
        </>
      );
    case 'tasks':
      return (
        <Suspense fallback={<PageSkeleton />}>
          <TasksPage />
        </Suspense>
      );
    default:
      return <NotFound />;
  }
}

/** Mantine with the tokens and the reader's language for the labels Mantine draws itself. */
function ThemedApp() {
  const { t } = useI18n();
  const close = t('common.close');
  const localized = useMemo(() => localizedTheme(close), [close]);
  return (
    <MantineProvider theme={localized} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <AppShellLayout>
          <Pages />
        </AppShellLayout>
      </QueryClientProvider>
    </MantineProvider>
  );
}

export function App() {
  const { route } = useRoute();
  return (
    <I18nProvider>
      {route.page === 'tv' ? (
        <Suspense fallback={null}>
          <TvApp secret={route.secret} />
        </Suspense>
      ) : (
        <ThemedApp />
      )}
    </I18nProvider>
  );
}
