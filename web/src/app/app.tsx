import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider, usePrefetchQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { HttpError } from '../api/client.ts';
import { useSetupStatus } from '../api/use-auth.ts';
import { goalMapQuery } from '../api/use-goal-map.ts';
import { goalsQuery } from '../api/use-goals.ts';
import { useMe } from '../api/use-me.ts';
import { DashboardPage } from '../features/dashboard/dashboard-page.tsx';
import { folderOf } from '../features/goals/folder-param.ts';
import { I18nProvider, useI18n } from '../i18n/i18n-context.tsx';
import { PageSkeleton } from '../ui/page-skeleton.tsx';
import { AppShellLayout } from './app-shell.tsx';
import { NoOrg } from './no-org.tsx';
import { NotFound } from './not-found.tsx';
import { isPublicPage, navigate, useRoute } from './router.ts';
import { cssVariablesResolver, localizedTheme } from './theme.ts';

// Pages other than the dashboard load their code when first opened: the first paint never waits for them.
const DataPage = lazy(() => import('../features/data/data-page.tsx'));
const GoalsPage = lazy(() => import('../features/goals/goals-page.tsx'));
const GoalMapPage = lazy(() => import('../features/goals/map/goal-map-page.tsx'));
const TasksPage = lazy(() => import('../features/tasks/tasks-page.tsx'));
// An office TV's kiosk (a share link): its own full-screen app, without the shell or a sign-in.
const TvApp = lazy(() => import('../features/tv/tv-app.tsx'));
const SetupPage = lazy(() => import('../features/auth/setup-page.tsx'));
const SignInPage = lazy(() => import('../features/auth/signin-page.tsx'));
const InvitePage = lazy(() => import('../features/auth/invite-page.tsx'));
const ResetPasswordPage = lazy(() =>
  import('../features/auth/reset-pages.tsx').then((m) => ({ default: m.ResetPasswordPage })),
);
const ForgotPasswordPage = lazy(() =>
  import('../features/auth/reset-pages.tsx').then((m) => ({ default: m.ForgotPasswordPage })),
);
const AccountPage = lazy(() => import('../features/account/account-page.tsx'));
const MembersPage = lazy(() => import('../features/admin/members-page.tsx'));
const AuditPage = lazy(() => import('../features/admin/audit-page.tsx'));
const AlertsPage = lazy(() => import('../features/alerts/alerts-page.tsx'));
const NotificationAdminPage = lazy(() => import('../features/notifications/notification-admin-page.tsx'));

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
    case 'account':
      return (
        <Suspense fallback={<PageSkeleton />}>
          <AccountPage />
        </Suspense>
      );
    case 'members':
      return (
        <Suspense fallback={<PageSkeleton />}>
          <MembersPage />
        </Suspense>
      );
    case 'audit':
      return (
        <Suspense fallback={<PageSkeleton />}>
          <AuditPage />
        </Suspense>
      );
    case 'alerts':
      return (
        <Suspense fallback={<PageSkeleton />}>
          <AlertsPage />
        </Suspense>
      );
    case 'notification-settings':
      return (
        <Suspense fallback={<PageSkeleton />}>
          <NotificationAdminPage />
        </Suspense>
      );
    default:
      return <NotFound />;
  }
}

/** The pages of someone not signed in yet: no header, no calls that need a session. */
function PublicPages() {
  const { route } = useRoute();
  return (
    <Suspense fallback={null}>
      {route.page === 'setup' && <SetupPage />}
      {route.page === 'signin' && <SignInPage />}
      {route.page === 'invite' && <InvitePage token={route.token} />}
      {route.page === 'reset-password' && <ResetPasswordPage />}
      {route.page === 'forgot-password' && <ForgotPasswordPage />}
    </Suspense>
  );
}

/**
 * First run first: while the server has no user, every address leads to the setup page (and the
 * setup page to the app once it is done). Then the public pages, or the app inside its shell (whose
 * first request answers 401 to someone not signed in, which sends them to sign in).
 */
function Gate() {
  const { route } = useRoute();
  const setup = useSetupStatus();
  const needed = setup.data?.needed;
  const me = useMe(needed === false && !isPublicPage(route));
  useEffect(() => {
    if (needed === true && route.page !== 'setup') navigate('/setup', { replace: true });
    if (needed === false && route.page === 'setup') navigate('/', { replace: true });
  }, [needed, route.page]);
  if (setup.isPending || (needed === true && route.page !== 'setup')) return null;
  if (isPublicPage(route)) return <PublicPages />;
  if (me.error instanceof HttpError && me.error.status === 403) return <NoOrg />;
  return (
    <AppShellLayout>
      <Pages />
    </AppShellLayout>
  );
}

/** Mantine with the tokens and the reader's language for the labels Mantine draws itself. */
function ThemedApp() {
  const { t } = useI18n();
  const close = t('common.close');
  const localized = useMemo(() => localizedTheme(close), [close]);
  return (
    <MantineProvider theme={localized} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <Gate />
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
