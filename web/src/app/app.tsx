import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { HttpError } from '../api/client.ts';
import { DashboardPage } from '../features/dashboard/dashboard-page.tsx';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { PageSkeleton } from '../ui/page-skeleton.tsx';
import { AppShellLayout } from './app-shell.tsx';
import { NotFound } from './not-found.tsx';
import { useRoute } from './router.ts';
import { theme } from './theme.ts';

// The Data page is a second destination: its code loads when it is first opened.
const DataPage = lazy(() => import('../features/data/data-page.tsx'));

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

function Pages() {
  const { route } = useRoute();
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage dashboardId={route.dashboardId} />;
    case 'data':
      return (
        <Suspense fallback={<PageSkeleton />}>
          <DataPage />
        </Suspense>
      );
    default:
      return <NotFound />;
  }
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <AppShellLayout>
            <Pages />
          </AppShellLayout>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
