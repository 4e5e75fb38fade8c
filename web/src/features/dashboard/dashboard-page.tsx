import { Alert, Box, Button, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconLayoutGridAdd, IconLink, IconPencil } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { HttpError } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { Dashboard, MetricKey, Widget } from '../../api/types.ts';
import { useDashboard, useDashboards, useUpdateDashboard } from '../../api/use-dashboards.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useKpis } from '../../api/use-kpis.ts';
import { useOrg } from '../../api/use-org.ts';
import { useReps } from '../../api/use-reps.ts';
import { useTeams } from '../../api/use-teams.ts';
import { navigate, useRoute, useSetSearch } from '../../app/router.ts';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageSkeleton } from '../../ui/page-skeleton.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { comparisonRange } from '../../widgets/comparison.ts';
import { DrilldownModal } from '../../widgets/drilldown-modal.tsx';
import { dashboardPdfUrl } from '../../widgets/export-links.ts';
import { type DrilldownRequest, type WidgetEnv, WidgetEnvProvider } from '../../widgets/widget-env.tsx';
import { WIDGETS } from '../../widgets/widget-registry.tsx';
import { AnnotationsButton } from './annotations-dialog.tsx';
import { ComparePicker } from './compare-picker.tsx';
import { DashboardGrid } from './dashboard-grid.tsx';
import classes from './dashboard-page.module.css';
import { DashboardSwitcher, NewDashboardButton } from './dashboard-switcher.tsx';
import { EmptyDashboard, NoData } from './empty-states.tsx';
import { toLayout } from './grid-geometry.ts';
import { firstFreeSlot, newWidgetId } from './layout-edit.ts';
import { PdfExportMenu } from './pdf-export-menu.tsx';
import { PeriodPicker } from './period-picker.tsx';
import { ScopeFilter } from './scope-filter.tsx';
import { ShareOnTvButton } from './share-dialog.tsx';
import { useViewState } from './view-state.ts';

// Configuring widgets is for editors; its code loads when the editor first opens.
const WidgetEditor = lazy(() => import('./widget-editor.tsx'));

type EditorState = { widget: Widget | null } | null;

/** Picks the dashboard to show; the server seeds the default one for an organisation without any. */
function useCurrentDashboardId(requested: number | null): number | null {
  const list = useDashboards().data;
  if (requested !== null) return requested;
  return (list?.find((dashboard) => dashboard.isDefault) ?? list?.[0])?.id ?? null;
}

const isMetricOf = (key: string, metrics: Readonly<Record<MetricKey, unknown>>): key is MetricKey =>
  Object.hasOwn(metrics, key);

export function DashboardPage({ dashboardId }: { dashboardId: number | null }) {
  const { t } = useI18n();
  const can = useCan();
  const format = useFormat();
  const client = useQueryClient();
  const org = useOrg();
  const definitions = useDefinitions();
  const reps = useReps();
  const teams = useTeams();
  const dashboards = useDashboards();
  const id = useCurrentDashboardId(dashboardId);
  const dashboard = useDashboard(
    id,
    dashboards.data?.find((item) => item.id === id),
  );
  const update = useUpdateDashboard();
  const { view, setPeriod, setScope, setCompare } = useViewState(org.data);
  const report = useKpis(view.period);

  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Widget[] | null>(null);
  const [editor, setEditor] = useState<EditorState>(null);
  const [drilldown, setDrilldown] = useState<DrilldownRequest | null>(null);
  // An alert's link (`drill=<metric>`) opens the drill-down behind it, for the linked period and scope.
  const { search } = useRoute();
  const setSearch = useSetSearch();
  const drillParam = search.get('drill');
  const linkedDrill: DrilldownRequest | null =
    drillParam && view.period && definitions.data && isMetricOf(drillParam, definitions.data.metrics)
      ? { metric: drillParam, scope: view.scope, period: view.period }
      : null;
  const shownDrill = drilldown ?? linkedDrill;
  const closeDrilldown = () => {
    setDrilldown(null);
    if (drillParam) setSearch({ drill: null });
  };
  const [conflict, setConflict] = useState(false);
  const [copied, setCopied] = useState(false);
  const saving = useRef<Promise<void>>(Promise.resolve());
  const latestDraft = useRef<Widget[] | null>(null);

  const current = dashboard.data;
  const widgets = draft ?? current?.widgets ?? [];

  /** Saves layouts one after another, each with the version the previous save returned. */
  const commit = useCallback(
    (next: Widget[]) => {
      if (id === null) return;
      setDraft(next);
      latestDraft.current = next;
      saving.current = saving.current.then(async () => {
        const known = client.getQueryData<Dashboard>(queryKeys.dashboard(id));
        if (!known) return;
        try {
          await update.mutateAsync({ id, version: known.version, widgets: next });
          if (latestDraft.current === next) setDraft(null);
        } catch (error) {
          if (error instanceof HttpError && error.status === 409) setConflict(true);
          latestDraft.current = null;
          setDraft(null);
          await client.invalidateQueries({ queryKey: queryKeys.dashboards() });
        }
      });
    },
    [id, client, update],
  );

  // Widgets save their own config (a table's columns) through the same queue as layout edits; the
  // env keeps one function so that a save does not re-render every widget.
  const saveConfigRef = useRef<(widgetId: string, config: Widget['config']) => void>(() => {});
  saveConfigRef.current = (widgetId, config) =>
    commit(widgets.map((item) => (item.id === widgetId ? { ...item, config } : item)));
  const saveConfig = useCallback(
    (widgetId: string, config: Widget['config']) => saveConfigRef.current(widgetId, config),
    [],
  );

  const env = useMemo<WidgetEnv | null>(
    () =>
      org.data && definitions.data && view.period
        ? {
            period: view.period,
            scope: view.scope,
            compare: view.compare,
            org: org.data,
            definitions: definitions.data,
            reps: reps.data ?? [],
            openDrilldown: setDrilldown,
            ...(id === null ? {} : { dashboardId: id }),
            saveConfig,
          }
        : null,
    [org.data, definitions.data, view, reps.data, saveConfig, id],
  );

  if (dashboard.isError && dashboard.error instanceof HttpError && dashboard.error.status === 404) {
    return (
      <Box className={classes.page}>
        <EmptyDashboard kind="missing" onAction={() => navigate('/')} />
      </Box>
    );
  }
  if (!env || !current || !org.data) return <PageSkeleton />;

  const removeWidget = (widget: Widget) => commit(widgets.filter((item) => item.id !== widget.id));
  const saveWidget = (saved: Omit<Widget, 'layout' | 'id'> & { id?: string }) => {
    if (saved.id) {
      commit(widgets.map((item) => (item.id === saved.id ? { ...item, ...saved, id: item.id } : item)));
    } else {
      const size = WIDGETS[saved.type].size;
      // Into the first free slot of the grid as drawn (minimum sizes applied, compacted).
      const widget: Widget = {
        ...saved,
        id: newWidgetId(saved.type),
        layout: { ...firstFreeSlot(toLayout(widgets), size), ...size },
      };
      commit([...widgets, widget]);
    }
    setEditor(null);
  };
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (permissions): the address bar still holds the same link.
    }
  };
  const range = report.data?.period;
  const compared = range ? comparisonRange(view.compare, range) : null;

  return (
    <WidgetEnvProvider value={env}>
      <Box className={classes.page}>
        <Stack gap="md">
          <Group justify="space-between" gap="sm" wrap="wrap" className={classes.titleRow}>
            <DashboardSwitcher dashboards={dashboards.data ?? [current]} current={current} />
            <Group gap="xs" wrap="nowrap">
              <Tooltip label={copied ? t('dashboard.linkCopied') : t('dashboard.copyLink')}>
                <Button
                  variant="default"
                  size="sm"
                  onClick={copyLink}
                  leftSection={copied ? <IconCheck size={16} /> : <IconLink size={16} />}
                  visibleFrom="sm"
                >
                  {t('dashboard.share')}
                </Button>
              </Tooltip>
              {!editing && id !== null && (
                <PdfExportMenu
                  urls={{
                    a4: dashboardPdfUrl(id, env.period, view.scope, view.compare, 'a4'),
                    letter: dashboardPdfUrl(id, env.period, view.scope, view.compare, 'letter'),
                  }}
                />
              )}
              {!editing && <ShareOnTvButton dashboard={current} dashboards={dashboards.data ?? [current]} />}
              {!editing && <NewDashboardButton current={current} />}
              {editing && (
                <Button
                  variant="light"
                  size="sm"
                  leftSection={<IconLayoutGridAdd size={16} />}
                  onClick={() => setEditor({ widget: null })}
                  data-testid="add-widget"
                >
                  {t('dashboard.addWidget')}
                </Button>
              )}
              {can.edit && (
                <Button
                  size="sm"
                  variant={editing ? 'filled' : 'default'}
                  leftSection={editing ? <IconCheck size={16} /> : <IconPencil size={16} />}
                  onClick={() => setEditing((value) => !value)}
                  data-testid="edit-toggle"
                  aria-pressed={editing}
                >
                  {editing ? t('dashboard.done') : t('dashboard.edit')}
                </Button>
              )}
            </Group>
          </Group>

          <Box className={classes.filters}>
            <Group gap="sm" wrap="wrap" className={classes.controls}>
              <PeriodPicker org={org.data} value={env.period} onChange={setPeriod} />
              <ScopeFilter
                value={view.scope}
                onChange={setScope}
                reps={reps.data ?? []}
                report={report.data}
                teamNames={teams.data?.map((team) => team.name)}
              />
              <ComparePicker value={view.compare} onChange={setCompare} />
              <AnnotationsButton range={range ? { from: range.from, to: range.to } : null} />
            </Group>
            <Text fz="sm" c="dimmed" className={classes.range} data-testid="period-range">
              {range ? (
                <>
                  <span className={classes.rangeMain}>
                    {format.day(range.from)} – {format.day(range.to)}
                    {range.to_date && ` · ${t('period.toDate')}`}
                  </span>
                  {compared && (
                    <span data-testid="compare-range">
                      {' · '}
                      {t('dashboard.vs', { from: format.day(compared.from), to: format.day(compared.to) })}
                    </span>
                  )}
                  <span className={classes.zone}> · {org.data.timezone}</span>
                </>
              ) : (
                <Skeleton h={16} w={260} component="span" display="inline-block" />
              )}
            </Text>
          </Box>

          {conflict && (
            <Alert
              color="yellow"
              icon={<IconAlertTriangle size={18} />}
              withCloseButton
              onClose={() => setConflict(false)}
              title={t('dashboard.conflictTitle')}
            >
              {t('dashboard.conflict')}
            </Alert>
          )}
          {report.isError && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('dashboard.loadFailed')}>
              {report.error.message}
            </Alert>
          )}

          {!org.data.hasData ? (
            <NoData />
          ) : widgets.length === 0 ? (
            <EmptyDashboard
              kind="empty"
              onAction={() => {
                setEditing(true);
                setEditor({ widget: null });
              }}
            />
          ) : (
            <DashboardGrid
              widgets={widgets}
              editing={editing}
              onChange={commit}
              onConfigure={(widget) => setEditor({ widget })}
              onRemove={removeWidget}
            />
          )}
        </Stack>
      </Box>
      {editor && (
        <Suspense fallback={null}>
          <WidgetEditor
            widget={editor.widget}
            org={org.data}
            report={report.data}
            onSave={saveWidget}
            onClose={() => setEditor(null)}
          />
        </Suspense>
      )}
      {shownDrill && <DrilldownModal request={shownDrill} onClose={closeDrilldown} />}
    </WidgetEnvProvider>
  );
}
