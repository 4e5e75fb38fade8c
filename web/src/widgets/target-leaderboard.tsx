import { Box, Group, ScrollArea, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { parseScope } from '../../../src/core/scope.ts';
import type { Widget } from '../api/types.ts';
import { useGoalLeaderboard } from '../api/use-goal-leaderboard.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { NameText } from '../ui/name-text.tsx';
import { usePaceText } from '../ui/use-pace-text.ts';
import classes from './leaderboard.module.css';
import { useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

/**
 * Reps ranked by target attainment for the dashboard's period, in the API's order (its tie-break
 * is revenue attainment). A team scope shows that team's reps; the widget only filters and draws.
 */
export function TargetLeaderboard({ widget }: { widget: Widget }) {
  const { t } = useI18n();
  const { percentOf } = usePaceText();
  const { period, scope } = useWidgetView(widget);
  const limit = widget.config.limit ?? 10;
  // Asking for every rep keeps ranks right when a team is shown; the list is one row per rep.
  const board = useGoalLeaderboard(period, 1000);
  const rows = useMemo(() => {
    const entries = board.data?.entries ?? [];
    const parsed = parseScope(scope);
    const team = parsed.ok && parsed.scope.kind === 'team' ? parsed.scope.name : null;
    const rep = parsed.ok && parsed.scope.kind === 'rep' ? parsed.scope.id : null;
    return entries
      .filter((entry) => (rep ? entry.rep_id === rep : team === null || entry.team === team))
      .slice(0, limit);
  }, [board.data, scope, limit]);

  if (board.isPending) {
    return (
      <Stack gap="xs">
        {[1, 2, 3, 4, 5].map((row) => (
          <Skeleton key={row} h={28} radius="sm" />
        ))}
      </Stack>
    );
  }
  if (board.isError) return <WidgetMessage tone="error">{t('widget.loadFailed')}</WidgetMessage>;
  if (rows.length === 0) return <WidgetMessage>{t('widget.noData')}</WidgetMessage>;

  return (
    <ScrollArea h="100%" type="auto" offsetScrollbars>
      <Box component="ol" className={classes.list} data-testid="target-leaderboard">
        {rows.map((entry) => {
          const share = entry.attainment ?? 0;
          return (
            <li key={entry.rep_id} data-testid={`target-rank-${entry.rep_id}`}>
              <div className={classes.row}>
                <Text span className={classes.rank} data-top={entry.rank <= 3 || undefined}>
                  {entry.rank}
                </Text>
                <Box className={classes.who}>
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text fz="sm" fw={500} truncate="end">
                      <NameText>{entry.name}</NameText>
                      {entry.team && (
                        <Text span fz="xs" c="dimmed">
                          {' · '}
                          {entry.team}
                        </Text>
                      )}
                    </Text>
                    <Tooltip
                      label={
                        entry.attainment === null
                          ? t('widget.noTargets')
                          : t('widget.targetsAchieved', { achieved: entry.achieved, total: entry.targets })
                      }
                    >
                      <Text
                        fz="sm"
                        fw={650}
                        className="udn-num"
                        data-testid={`target-attainment-${entry.rep_id}`}
                      >
                        {entry.attainment === null ? '—' : percentOf(entry.attainment)}
                      </Text>
                    </Tooltip>
                  </Group>
                  <Box className={classes.track}>
                    <Box className={classes.bar} style={{ width: `${Math.min(1, share) * 100}%` }} />
                  </Box>
                </Box>
              </div>
            </li>
          );
        })}
      </Box>
    </ScrollArea>
  );
}
