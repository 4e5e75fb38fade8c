import { Anchor, Box, Group, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { HttpError } from '../api/client.ts';
import type { Widget } from '../api/types.ts';
import { useGoal } from '../api/use-goals.ts';
import { onLinkClick } from '../app/router.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { NameText } from '../ui/name-text.tsx';
import { PaceBar } from '../ui/pace-bar.tsx';
import { ProgressRing } from '../ui/progress-ring.tsx';
import { StatusBadge } from '../ui/status-badge.tsx';
import { useFormat } from '../ui/use-format.ts';
import { type PaceUnit, usePaceText } from '../ui/use-pace-text.ts';
import classes from './goal-progress.module.css';
import { WidgetMessage } from './widget-message.tsx';

/**
 * One goal at a glance: its progress as a ring in its status colour, where a linear pace would
 * have it today and what it still takes, and its targets compactly. All of it is GET /goals/:id.
 */
export function GoalProgress({ widget }: { widget: Widget }) {
  const { t } = useI18n();
  const format = useFormat();
  const { paceText, percentOf } = usePaceText();
  const goalId = widget.config.goalId ?? null;
  const goal = useGoal(goalId);

  if (goalId === null) return <WidgetMessage>{t('widget.pickGoal')}</WidgetMessage>;
  if (goal.isPending) {
    return (
      <Group gap="md" wrap="nowrap" align="flex-start">
        <Skeleton circle h={88} />
        <Stack gap={6} flex={1}>
          <Skeleton h={18} w="60%" />
          <Skeleton h={14} w="80%" />
          <Skeleton h={14} w="70%" />
        </Stack>
      </Group>
    );
  }
  if (goal.isError) {
    const missing = goal.error instanceof HttpError && goal.error.status === 404;
    return (
      <WidgetMessage tone={missing ? 'info' : 'error'}>
        {missing ? t('widget.goalMissing') : t('widget.loadFailed')}
      </WidgetMessage>
    );
  }
  const data = goal.data;
  const pace = paceText(data.status, data.pacing, 'progress');
  const link = `/goals?goal=${data.id}`;

  return (
    <Box className={classes.body} data-testid={`goal-widget-${data.id}`}>
      <Group gap="md" wrap="nowrap" align="center" className={classes.head}>
        <ProgressRing
          progress={data.progress}
          status={data.status}
          size={84}
          thickness={8}
          text={percentOf(data.progress)}
          label={t('goals.progressOf', { name: data.name })}
        />
        <Stack gap={4} className={classes.summary}>
          {/* The frame's title is the goal's name unless the widget has a title of its own. */}
          {widget.title?.trim() && (
            <Text fz="sm" fw={650} lineClamp={2}>
              <NameText>{data.name}</NameText>
            </Text>
          )}
          <Group gap={6} wrap="wrap">
            <StatusBadge status={data.status} size="xs" testId="goal-widget-status" />
            <Text fz="xs" c="dimmed" className="udn-num">
              {t('widget.due', { date: format.day(data.due_date, 'short') })}
            </Text>
          </Group>
          {(pace.expected || pace.needed) && (
            <Text fz="xs" c="dimmed" lineClamp={2}>
              {[pace.expected, pace.needed].filter(Boolean).join(' · ')}
            </Text>
          )}
          <Anchor href={link} onClick={(event) => onLinkClick(event, link)} fz="xs" fw={500}>
            {t('widget.openGoal')}
          </Anchor>
        </Stack>
      </Group>
      {data.targets.length > 0 && (
        <ScrollArea className={classes.targets} type="auto" offsetScrollbars>
          <ul className={classes.list}>
            {data.targets.map((target) => {
              const targetPace = paceText(target.status, target.pacing, target.unit as PaceUnit);
              return (
                <li key={target.id} className={classes.item}>
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text fz="xs" fw={500} truncate="end">
                      <NameText>{target.name}</NameText>
                    </Text>
                    <Text fz="xs" fw={650} className="udn-num">
                      {percentOf(target.progress)}
                    </Text>
                  </Group>
                  <PaceBar
                    size="sm"
                    progress={target.progress}
                    expected={target.pacing.expected}
                    status={target.status}
                    label={t('goals.progressOf', { name: target.name })}
                    expectedLabel={targetPace.expected}
                  />
                </li>
              );
            })}
          </ul>
        </ScrollArea>
      )}
    </Box>
  );
}
