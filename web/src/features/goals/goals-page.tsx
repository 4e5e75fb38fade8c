import { Box, Group, Pagination, Skeleton, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { GoalFolderFilter } from '../../api/query-keys.ts';
import type { Goal, PaceStatus } from '../../api/types.ts';
import { useGoalFolders } from '../../api/use-goal-folders.ts';
import { useRecordTargetValue } from '../../api/use-goal-targets.ts';
import { useGoals } from '../../api/use-goals.ts';
import { useOrg } from '../../api/use-org.ts';
import { useRoute, useSetSearch } from '../../app/router.ts';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyGoals } from './empty-goals.tsx';
import { folderOf } from './folder-param.ts';
import { FolderSidebar } from './folder-sidebar.tsx';
import { type GoalActions, GoalActionsProvider, type GoalDialog } from './goal-actions.tsx';
import { GoalDialogs } from './goal-dialogs.tsx';
import { countByStatus, matchesSearch, orderGoals, STATUS_FILTERS } from './goal-order.ts';
import { GoalRow } from './goal-row.tsx';
import { GoalTextProvider, useGoalTextValue } from './goal-text.ts';
import { GoalsHeader } from './goals-header.tsx';
import classes from './goals-page.module.css';

/** Collapsed rows per page: 200 goals stay one quick render, whatever the folder. */
const PAGE_SIZE = 40;

/**
 * Goals with their progress against pace, status and what they still take, by folder. Every figure
 * is the API's; the page filters, orders and pages them, and refreshes on live events.
 */
export default function GoalsPage() {
  const { t } = useI18n();
  const can = useCan();
  const { search } = useRoute();
  const setSearch = useSetSearch();
  const folder = folderOf(search.get('folder'));
  const focus = Number(search.get('goal')) || null;
  const org = useOrg();
  const folders = useGoalFolders();
  const goals = useGoals(folder);
  const record = useRecordTargetValue();
  const text = useGoalTextValue();
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set(focus ? [focus] : []));
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<PaceStatus | null>(null);
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<GoalDialog>(null);
  const deferredQuery = useDeferredValue(query);
  const today = goals.data?.today ?? org.data?.today ?? '';

  const list = goals.data?.goals;
  const ordered = useMemo(() => orderGoals(list ?? [], today), [list, today]);
  const searched = useMemo(
    () => (deferredQuery.trim() ? ordered.filter((goal) => matchesSearch(goal, deferredQuery)) : ordered),
    [ordered, deferredQuery],
  );
  const counts = useMemo(() => countByStatus(searched), [searched]);
  const shown = useMemo(
    () => (status ? searched.filter((goal) => goal.status === status) : searched),
    [searched, status],
  );
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const visible = useMemo(
    () => shown.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE),
    [shown, current],
  );
  // The rows render in a background (transition) pass that React splits into short slices: a page
  // of 40 goals arriving or refreshing never blocks typing or scrolling for long.
  const rows = useDeferredValue(visible);
  const rowsPending = rows.length === 0 && visible.length > 0;

  // A link to one goal (?goal=12, from the map, a task or a new goal) opens it where it is in the
  // list — once: a live refresh of the list must not scroll the page back to it.
  const revealed = useRef<number | null>(null);
  useEffect(() => {
    if (!focus || !list || revealed.current === focus) return;
    const index = shown.findIndex((goal) => goal.id === focus);
    if (index < 0) return;
    revealed.current = focus;
    setExpanded((open) => (open.has(focus) ? open : new Set([...open, focus])));
    setPage(Math.floor(index / PAGE_SIZE) + 1);
    // The rows render in a background pass: wait (a few frames at most) for this one.
    let frames = 0;
    let handle = 0;
    const reveal = () => {
      const row = document.querySelector(`[data-testid="goal-${focus}"]`);
      if (row) row.scrollIntoView({ block: 'center' });
      else if (frames++ < 60) handle = requestAnimationFrame(reveal);
    };
    handle = requestAnimationFrame(reveal);
    return () => cancelAnimationFrame(handle);
  }, [focus, list, shown]);

  const toggle = useCallback(
    (id: number) =>
      setExpanded((open) => {
        const next = new Set(open);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  const actions = useMemo<GoalActions>(
    () => ({
      open: setDialog,
      setDone: (target, done) =>
        record.mutate({ goalId: target.goal_id, targetId: target.id, body: { value: done ? 1 : 0 } }),
    }),
    [record.mutate],
  );

  const selectFolder = (next: GoalFolderFilter) => {
    setPage(1);
    setSearch({ folder: next === 'all' ? null : String(next), goal: null });
  };
  const created = (goal: Goal) => {
    setStatus(null);
    setQuery('');
    const inView = folder === 'all' || folder === (goal.folder_id ?? 'none');
    setSearch({ goal: String(goal.id), ...(inView ? {} : { folder: null }) });
  };

  const defaultFolder = typeof folder === 'number' ? folder : null;
  const loading = goals.isPending || !org.data;

  return (
    <GoalActionsProvider value={actions}>
      <GoalTextProvider value={text}>
        <Box className={classes.page}>
          <Stack gap="lg">
            <GoalsHeader
              view="list"
              {...(can.edit ? { onCreate: () => setDialog({ kind: 'goal', goal: null }) } : {})}
            />
            <div className={classes.layout}>
              <FolderSidebar folders={folders.data ?? []} selected={folder} onSelect={selectFolder} />
              <Stack gap="sm" className={classes.main}>
                <div className={classes.toolbar}>
                  <TextInput
                    className={classes.search}
                    leftSection={<IconSearch size={16} />}
                    placeholder={t('goals.search')}
                    aria-label={t('goals.search')}
                    value={query}
                    onChange={(event) => {
                      setQuery(event.currentTarget.value);
                      setPage(1);
                    }}
                    data-testid="goal-search"
                  />
                  <fieldset className={classes.statuses}>
                    <VisuallyHidden component="legend">{t('goals.byStatus')}</VisuallyHidden>
                    {STATUS_FILTERS.filter((key) => counts[key] > 0 || status === key).map((key) => (
                      <button
                        type="button"
                        key={key}
                        className={classes.statusChip}
                        data-status={key}
                        aria-pressed={status === key}
                        onClick={() => {
                          setStatus(status === key ? null : key);
                          setPage(1);
                        }}
                        data-testid={`status-filter-${key}`}
                      >
                        <span className={classes.statusDot} />
                        {t(`status.${key}`)}
                        <span className={`${classes.statusCount} udn-num`}>{counts[key]}</span>
                      </button>
                    ))}
                  </fieldset>
                </div>

                {loading || rowsPending ? (
                  <Stack gap="sm">
                    {[1, 2, 3, 4].map((row) => (
                      <Skeleton key={row} h={84} radius="lg" />
                    ))}
                  </Stack>
                ) : goals.isError ? (
                  <Text c="red" fz="sm">
                    {goals.error.message}
                  </Text>
                ) : shown.length === 0 ? (
                  <EmptyGoals
                    filtered={Boolean(list?.length)}
                    onCreate={() => setDialog({ kind: 'goal', goal: null })}
                  />
                ) : (
                  <>
                    <Text fz="xs" c="dimmed" className="udn-num" data-testid="goal-count">
                      {shown.length > PAGE_SIZE
                        ? t('goals.showingRange', {
                            from: (current - 1) * PAGE_SIZE + 1,
                            to: Math.min(shown.length, current * PAGE_SIZE),
                            total: shown.length,
                          })
                        : t('goals.count', { count: shown.length })}
                    </Text>
                    <div className={classes.list} data-testid="goal-list">
                      {rows.map((goal) => (
                        <GoalRow
                          key={goal.id}
                          goal={goal}
                          expanded={expanded.has(goal.id)}
                          onToggle={toggle}
                        />
                      ))}
                    </div>
                    {pages > 1 && (
                      <Group justify="center" mt="sm">
                        <Pagination
                          total={pages}
                          value={current}
                          onChange={(next) => {
                            setPage(next);
                            window.scrollTo({ top: 0 });
                          }}
                          getControlProps={(control) => ({
                            'aria-label': t(`pagination.${control}`),
                          })}
                          data-testid="goal-pages"
                        />
                      </Group>
                    )}
                  </>
                )}
              </Stack>
            </div>
          </Stack>
        </Box>
        <GoalDialogs
          dialog={dialog}
          defaultFolder={defaultFolder}
          onClose={() => setDialog(null)}
          onCreated={created}
        />
      </GoalTextProvider>
    </GoalActionsProvider>
  );
}
