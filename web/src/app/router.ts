import { useCallback, useSyncExternalStore } from 'react';

/**
 * A handful of pages and a few query parameters do not need a router library: the History API and one
 * subscription keep the URL the single source of the view, so any view can be shared as a link.
 */
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
window.addEventListener('popstate', notify);

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const snapshot = () => window.location.pathname + window.location.search;

export function useLocationText(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export type Route =
  | { page: 'dashboard'; dashboardId: number | null }
  | { page: 'data' }
  | { page: 'goals' }
  | { page: 'goal-map' }
  | { page: 'tasks' }
  | { page: 'tv'; secret: string }
  | { page: 'setup' }
  | { page: 'signin' }
  | { page: 'invite'; token: string }
  | { page: 'reset-password' }
  | { page: 'forgot-password' }
  | { page: 'account' }
  | { page: 'members' }
  | { page: 'audit' }
  | { page: 'alerts' }
  | { page: 'notification-settings' }
  | { page: 'missing' };

/** Pages shown without the app's header, to people who may not be signed in yet. */
export const isPublicPage = (route: Route): boolean =>
  route.page === 'setup' ||
  route.page === 'signin' ||
  route.page === 'invite' ||
  route.page === 'reset-password' ||
  route.page === 'forgot-password';

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'dashboard', dashboardId: null };
  if (pathname === '/data') return { page: 'data' };
  if (pathname === '/goals') return { page: 'goals' };
  if (pathname === '/goals/map') return { page: 'goal-map' };
  if (pathname === '/tasks') return { page: 'tasks' };
  if (pathname === '/setup') return { page: 'setup' };
  if (pathname === '/signin') return { page: 'signin' };
  if (pathname === '/reset-password') return { page: 'reset-password' };
  if (pathname === '/forgot-password') return { page: 'forgot-password' };
  if (pathname === '/account') return { page: 'account' };
  if (pathname === '/settings/members') return { page: 'members' };
  if (pathname === '/settings/audit') return { page: 'audit' };
  if (pathname === '/alerts') return { page: 'alerts' };
  if (pathname === '/settings/notifications') return { page: 'notification-settings' };
  const invite = /^\/invite\/([^/]+)$/.exec(pathname);
  if (invite?.[1]) return { page: 'invite', token: decodeURIComponent(invite[1]) };
  const dashboard = /^\/dashboards\/(\d+)$/.exec(pathname);
  if (dashboard) return { page: 'dashboard', dashboardId: Number(dashboard[1]) };
  const tv = /^\/tv\/([^/]+)$/.exec(pathname);
  if (tv) return { page: 'tv', secret: decodeURIComponent(tv[1]!) };
  return { page: 'missing' };
}

export function useRoute(): { route: Route; search: URLSearchParams } {
  const text = useLocationText();
  const url = new URL(text, window.location.origin);
  return { route: matchRoute(url.pathname), search: url.searchParams };
}

/** Sets or clears query parameters, keeping the others (a replace, so Back leaves the page). */
export function useSetSearch(): (changes: Record<string, string | null>) => void {
  return useCallback((changes) => {
    const url = new URL(window.location.href);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') url.searchParams.delete(key);
      else url.searchParams.set(key, value);
    }
    navigate(url.pathname + url.search, { replace: true });
  }, []);
}

/** A link that navigates in-app (keeps modifier-click for new tabs). */
export function onLinkClick(event: React.MouseEvent<HTMLAnchorElement>, to: string): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(to);
}
