import { ActionIcon, Badge, Box, Group, Loader, Text, Title, Tooltip } from '@mantine/core';
import { IconMaximize, IconMinimize } from '@tabler/icons-react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ROTATE_SECONDS } from '../../../../src/core/contracts/share-links.ts';
import type { Dashboard } from '../../api/types.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useOrg } from '../../api/use-org.ts';
import { useReps } from '../../api/use-reps.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { translator } from '../../i18n/translate.ts';
import { isolated } from '../../ui/name-text.tsx';
import { ThemeToggle } from '../../ui/theme-toggle.tsx';
import type { WidgetEnv } from '../../widgets/widget-env.tsx';
import { WidgetEnvProvider } from '../../widgets/widget-env.tsx';
import { DashboardGrid } from '../dashboard/dashboard-grid.tsx';
import { gridHeight, toLayout } from '../dashboard/grid-geometry.ts';
import { readViewState } from '../dashboard/view-state.ts';
import classes from './tv.module.css';
import { useShareInfo, useTvDashboards } from './tv-queries.ts';
import { useTvLive } from './use-tv-live.ts';

/** The width a dashboard is laid out at, at most and at least, before it is scaled to the screen. */
const DESIGN_WIDTH = { min: 1100, max: 2200 } as const;
/** Below this width (a phone) the dashboard is not scaled: it stacks and scrolls as in the app. */
const SCALE_FROM = 900;
/** The stage's padding above and below the grid (tv.module.css), in design pixels. */
const STAGE_PADDING = 32;
const nothing = () => {};

/** Says, in both languages, that the link was revoked or has expired: a TV has no one to read the other. */
function TvGone() {
  const en = translator('en').t;
  const id = translator('id').t;
  return (
    <Box className={classes.gone} role="alert" data-testid="tv-gone">
      <Title order={1} className={classes.goneTitle} lang="en">
        {en('tv.gone.title')}
      </Title>
      <Text className={classes.goneText} lang="en">
        {en('tv.gone.text')}
      </Text>
      <Title order={2} className={classes.goneTitle} lang="id">
        {id('tv.gone.title')}
      </Title>
      <Text className={classes.goneText} lang="id">
        {id('tv.gone.text')}
      </Text>
    </Box>
  );
}

/** Whether the page is full screen, and a way to switch (a TV browser often cannot without it). */
function useFullscreen(): [boolean, () => void] {
  const [full, setFull] = useState(() => typeof document !== 'undefined' && !!document.fullscreenElement);
  useEffect(() => {
    const changed = () => setFull(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(nothing);
    else void document.documentElement.requestFullscreen?.().catch(nothing);
  };
  return [full, toggle];
}

/** The dashboard on screen: moves on every `seconds`, back to the first after the last. */
function useRotation(count: number, seconds: number): number {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (count <= 1) return;
    const timer = setInterval(() => setIndex((current) => (current + 1) % count), seconds * 1000);
    return () => clearInterval(timer);
  }, [count, seconds]);
  return count === 0 ? 0 : index % count;
}

/** The stage's size, kept up to date. */
function useSize(): [React.RefObject<HTMLDivElement | null>, { width: number; height: number }] {
  const element = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    if (!element.current) return;
    setSize({ width: element.current.clientWidth, height: element.current.clientHeight });
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element.current);
    return () => observer.disconnect();
  }, []);
  return [element, size];
}

/**
 * Large type that fits: the dashboard is laid out at a design width and scaled to the screen, as
 * large as the screen's width allows (the design width no narrower than DESIGN_WIDTH.min) and no
 * taller than the screen (no wider than DESIGN_WIDTH.max); beyond that it scrolls.
 */
function scaleFor(stage: { width: number; height: number }, contentHeight: number): number {
  if (stage.width < SCALE_FROM || contentHeight <= 0) return 1;
  const largest = stage.width / DESIGN_WIDTH.min;
  const smallest = stage.width / DESIGN_WIDTH.max;
  return Math.max(smallest, Math.min(largest, stage.height / contentHeight));
}

/**
 * A dashboard taller than the screen even at its smallest scale: a TV has no one to scroll it, so
 * it scrolls itself down during each turn of `seconds` (after a pause to read the top), then
 * starts again from the top. Reduced motion moves in steps instead.
 */
function useAutoScroll(
  stage: React.RefObject<HTMLDivElement | null>,
  seconds: number,
  enabled: boolean,
): void {
  useEffect(() => {
    const element = stage.current;
    if (!element || !enabled) return;
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const started = performance.now();
    const turnMs = seconds * 1000;
    let frame = 0;
    const step = (now: number) => {
      const overflow = element.scrollHeight - element.clientHeight;
      if (overflow > 0) {
        const t = ((now - started) % turnMs) / turnMs;
        // Rest at the top for the first fifth, move for three fifths, rest at the bottom.
        const progress = Math.min(1, Math.max(0, (t - 0.2) / 0.6));
        element.scrollTop = Math.round((reduced ? Math.floor(progress * 3) / 3 : progress) * overflow);
      }
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [stage, seconds, enabled]);
}

function TvDashboard({ dashboard, env, seconds }: { dashboard: Dashboard; env: WidgetEnv; seconds: number }) {
  const [stageRef, stage] = useSize();
  // A phone is scrolled by hand; a screen the dashboard is scaled to scrolls itself.
  const scaled = stage.width >= SCALE_FROM;
  useAutoScroll(stageRef, seconds, scaled);
  const layoutHeight = useMemo(() => gridHeight(toLayout(dashboard.widgets)), [dashboard.widgets]);
  const scale = scaleFor(stage, layoutHeight + STAGE_PADDING);
  const width = stage.width / scale;
  return (
    <div
      ref={stageRef}
      className={classes.stage}
      style={scaled ? { overflowY: 'hidden' } : undefined}
      data-testid="tv-stage"
    >
      {stage.width > 0 && (
        // A transform does not change the layout: the box around holds the scaled height.
        <div style={{ height: scale === 1 ? undefined : (layoutHeight + STAGE_PADDING) * scale }}>
          <div
            className={classes.scaled}
            style={{ width, transform: scale === 1 ? undefined : `scale(${scale})` }}
            data-testid="tv-dashboard"
            data-dashboard-id={dashboard.id}
          >
            <WidgetEnvProvider value={env}>
              <DashboardGrid
                widgets={dashboard.widgets}
                editing={false}
                onChange={nothing}
                onConfigure={nothing}
                onRemove={nothing}
              />
            </WidgetEnvProvider>
          </div>
        </div>
      )}
    </div>
  );
}

export function TvPage({ secret, gone }: { secret: string; gone: boolean }) {
  const { t } = useI18n();
  const [refetchMs, setRefetchMs] = useState(15_000);
  const share = useShareInfo(refetchMs);
  const org = useOrg();
  const definitions = useDefinitions();
  const reps = useReps();
  const ids = share.data?.dashboardIds ?? [];
  const dashboards = useTvDashboards(ids);
  const seconds = share.data?.rotateSeconds ?? ROTATE_SECONDS.default;
  const index = useRotation(ids.length, seconds);
  const live = useTvLive(secret, !gone);
  const [full, toggleFull] = useFullscreen();

  // The link is asked about once a rotation (at most every 30 s): a revoked link shows so soon.
  useEffect(() => setRefetchMs(Math.min(seconds, 30) * 1000), [seconds]);

  const env = useMemo<WidgetEnv | null>(() => {
    if (!org.data || !definitions.data) return null;
    const view = readViewState(new URLSearchParams(), org.data);
    if (!view.period) return null;
    return {
      period: view.period,
      scope: 'org',
      compare: true,
      org: org.data,
      definitions: definitions.data,
      // Rep names only reach a TV when the organisation's leaderboard is open.
      reps: reps.data ?? [],
      openDrilldown: nothing,
      saveConfig: nothing,
    };
  }, [org.data, definitions.data, reps.data]);

  if (gone) return <TvGone />;
  const current = dashboards[index]?.data;
  const ready = env && share.data && current;

  return (
    <Box className={classes.root} data-testid="tv">
      <header className={classes.bar}>
        <Box className={classes.titleBox}>
          <Title order={1} className={classes.title} data-testid="tv-title">
            {current ? isolated(current.name) : share.data ? isolated(share.data.name) : ''}
          </Title>
          {share.data && (
            <Text className={classes.subtitle} c="dimmed">
              {isolated(share.data.orgName)}
              {ids.length > 1 && ` · ${t('tv.position', { n: index + 1, of: ids.length })}`}
            </Text>
          )}
        </Box>
        <Group gap="sm" wrap="nowrap">
          {live === 'reconnecting' && (
            <Badge color="yellow" variant="light" size="lg" role="status" data-testid="tv-reconnecting">
              {t('tv.reconnecting')}
            </Badge>
          )}
          <ThemeToggle fallback="dark" size="xl" />
          <Tooltip label={full ? t('tv.exitFullscreen') : t('tv.fullscreen')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="xl"
              onClick={toggleFull}
              aria-label={full ? t('tv.exitFullscreen') : t('tv.fullscreen')}
              data-testid="tv-fullscreen"
            >
              {full ? <IconMinimize size={24} /> : <IconMaximize size={24} />}
            </ActionIcon>
          </Tooltip>
        </Group>
      </header>
      <div className={classes.track} aria-hidden>
        {ids.length > 1 && (
          <div key={index} className={classes.progress} style={{ animationDuration: `${seconds}s` }} />
        )}
      </div>
      {ready ? (
        org.data?.hasData === false ? (
          <Box className={classes.center}>
            <Text fz="xl" c="dimmed">
              {t('tv.noData')}
            </Text>
          </Box>
        ) : (
          <TvDashboard key={current.id} dashboard={current} env={env} seconds={seconds} />
        )
      ) : (
        <Box className={classes.center}>
          <Loader size="lg" aria-label={t('tv.loading')} />
        </Box>
      )}
    </Box>
  );
}
