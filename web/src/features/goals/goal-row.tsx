import { Button, Group, Menu, Text, Tooltip } from '@mantine/core';
import {
  IconCalendarDue,
  IconChevronRight,
  IconFolder,
  IconPencil,
  IconPlus,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import { memo } from 'react';
import type { Goal } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { NameText } from '../../ui/name-text.tsx';
import { PaceBar } from '../../ui/pace-bar.tsx';
import { RowMenu } from '../../ui/row-menu.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { useGoalActions } from './goal-actions.tsx';
import classes from './goal-row.module.css';
import { useGoalText } from './goal-text.ts';
import { TargetList } from './target-list.tsx';

/** When the goal ends, or starts, in the organisation's calendar (the API's days_left). */
export function DueText({ goal }: { goal: Goal }) {
  const { t } = useI18n();
  const { format } = useGoalText();
  const left =
    goal.status === 'not_started'
      ? t('goals.startsOn', { date: format.day(goal.start_date, 'short') })
      : goal.pacing.days_left > 0
        ? t('goals.daysLeft', {
            count: goal.pacing.days_left,
          })
        : t('goals.ended');
  return (
    <>
      <span className={`${classes.dueDate} udn-num`}>{format.day(goal.due_date)}</span>
      <span className={classes.dim}>{left}</span>
    </>
  );
}

/** Two letters of a name on a colour picked from it: who owns a goal, without an image. */
function Initials({ name }: { name: string }) {
  const letters = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return (
    <span className={classes.avatar} style={{ '--avatar-hue': hash } as React.CSSProperties} aria-hidden>
      {letters}
    </span>
  );
}

/**
 * One goal: collapsed it is a single row (name, who, progress against pace, status, due date);
 * expanded it lists its targets. Memoised: a live refresh re-renders only goals that changed. The
 * collapsed row is plain elements, not Mantine components: a page draws forty of them at once.
 */
export const GoalRow = memo(function GoalRow({
  goal,
  expanded,
  onToggle,
}: {
  goal: Goal;
  expanded: boolean;
  onToggle: (id: number) => void;
}) {
  const { t } = useI18n();
  const actions = useGoalActions();
  const text = useGoalText();
  const { paceText, percentOf, format } = text;
  const pace = paceText(goal.status, goal.pacing, 'progress');
  const panelId = `goal-panel-${goal.id}`;
  const quota = goal.kind === 'quota';

  return (
    <article className={classes.row} data-expanded={expanded || undefined} data-testid={`goal-${goal.id}`}>
      <div className={classes.summary}>
        <button
          type="button"
          className={classes.toggle}
          onClick={() => onToggle(goal.id)}
          aria-expanded={expanded}
          aria-controls={panelId}
          data-testid={`goal-toggle-${goal.id}`}
        >
          <IconChevronRight size={18} className={classes.chevron} aria-hidden />
          <div className={classes.titleBox}>
            <h3 className={classes.name}>
              <NameText>{goal.name}</NameText>
            </h3>
            <div className={classes.meta}>
              {goal.owner_name && (
                <span className={classes.metaItem}>
                  <Initials name={goal.owner_name} />
                  <NameText>{goal.owner_name}</NameText>
                </span>
              )}
              <span className={classes.metaItem}>
                <IconUsers size={14} aria-hidden />
                <span className={classes.truncate}>{text.shares(goal.shares)}</span>
              </span>
              {goal.folder_name && (
                <span className={classes.metaItem} data-wide>
                  <IconFolder size={14} aria-hidden />
                  <NameText>{goal.folder_name}</NameText>
                </span>
              )}
              <span className={`${classes.metaItem} udn-num`} data-narrow>
                <IconCalendarDue size={14} aria-hidden />
                {format.day(goal.due_date, 'short')}
              </span>
              <span className={classes.metaItem}>
                {t('goals.targetCount', {
                  count: goal.targets.length,
                })}
              </span>
              {quota && <span className={classes.quota}>{t('goals.quota')}</span>}
            </div>
          </div>
        </button>

        <div className={classes.progress}>
          <div className={classes.progressHead}>
            <span className={`${classes.percent} udn-num`} data-testid={`goal-progress-${goal.id}`}>
              {percentOf(goal.progress)}
            </span>
            <span className={`${classes.dim} ${classes.truncate}`}>{pace.expected}</span>
          </div>
          <PaceBar
            progress={goal.progress}
            expected={goal.pacing.expected}
            status={goal.status}
            label={t('goals.progressOf', { name: goal.name })}
            expectedLabel={pace.expected}
          />
          <div className={`${classes.dim} ${classes.truncate} ${classes.needed}`}>
            {pace.needed ?? '\u00a0'}
          </div>
        </div>

        <div className={classes.status}>
          <StatusBadge status={goal.status} testId={`goal-status-${goal.id}`} />
        </div>

        <div className={classes.due}>
          <DueText goal={goal} />
        </div>

        <div className={classes.menu}>
          <RowMenu label={t('goals.actionsFor', { name: goal.name })} testId={`goal-menu-${goal.id}`}>
            <Menu.Item
              leftSection={<IconPencil size={16} />}
              onClick={() => actions.open({ kind: 'goal', goal })}
            >
              {t('goals.edit')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconPlus size={16} />}
              onClick={() => actions.open({ kind: 'target', goal, target: null })}
            >
              {t('target.add')}
            </Menu.Item>
            <Menu.Divider />
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => actions.open({ kind: 'goal-delete', goal })}
              data-testid={`goal-delete-${goal.id}`}
            >
              {t('goals.delete')}
            </Menu.Item>
          </RowMenu>
        </div>
      </div>

      {expanded && (
        <div id={panelId} className={classes.panel}>
          {goal.description && (
            <Text fz="sm" c="dimmed" className={classes.description}>
              {goal.description}
            </Text>
          )}
          <TargetList goal={goal} />
          <Group gap="xs" mt="xs">
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconPlus size={16} />}
              onClick={() => actions.open({ kind: 'target', goal, target: null })}
              data-testid={`add-target-${goal.id}`}
            >
              {t('target.add')}
            </Button>
            {goal.targets.some((target) => target.weight !== null) && (
              <Tooltip label={t('goals.weightedHint')} multiline w={260}>
                <Text fz="xs" c="dimmed">
                  {t('goals.weighted')}
                </Text>
              </Tooltip>
            )}
          </Group>
        </div>
      )}
    </article>
  );
});
