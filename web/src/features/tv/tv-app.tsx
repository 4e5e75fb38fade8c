import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { SHARE_HEADER } from '../../../../src/core/contracts/share-links.ts';
import { actAsShareLink, HttpError } from '../../api/client.ts';
import { cssVariablesResolver, localizedTheme } from '../../app/theme.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { TvPage } from './tv-page.tsx';

/** A TV's own choice of light or dark, apart from the app's (a laptop that opens a link keeps its own). */
const tvColorScheme = localStorageColorSchemeManager({ key: 'udn-tv-color-scheme' });

/**
 * The kiosk of a share link: its own providers, dark unless the TV was switched to light, and
 * every API request carrying the link's secret. A 401 on any request means the link was revoked
 * or has expired: the page then says so instead of retrying.
 */
export default function TvApp({ secret }: { secret: string }) {
  const { t } = useI18n();
  const close = t('common.close');
  const theme = useMemo(() => localizedTheme(close), [close]);
  const [gone, setGone] = useState(false);
  // Before the first query of the first render: every request of this page is the link's.
  useState(() => actAsShareLink(SHARE_HEADER, secret));
  const [client] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({
          onError: (error) => {
            if (error instanceof HttpError && error.status === 401) setGone(true);
          },
        }),
        defaultOptions: {
          queries: {
            staleTime: 10_000,
            refetchOnWindowFocus: false,
            // A refusal will not heal by asking again; a server restarting will, soon.
            retry: (count, error) => !(error instanceof HttpError && error.status < 500) && count < 3,
            retryDelay: (count) => Math.min(1000 * 2 ** count, 10_000),
          },
        },
      }),
  );
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="dark"
      colorSchemeManager={tvColorScheme}
    >
      <QueryClientProvider client={client}>
        <TvPage secret={secret} gone={gone} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
