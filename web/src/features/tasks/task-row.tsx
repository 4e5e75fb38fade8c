import { Anchor, Menu, Text, VisuallyHidden } from '@mantine/core';
import { IconBriefcase, IconBuildingStore, IconPencil, IconTarget, IconTrash } from '@tabler/icons-react';
import { memo } from 'react';
import type { Task } from '../../api/types.ts';
import { onLinkClick } from '../../app/router.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { isolated, NameText } from '../../ui/name-text.tsx';
import { RowMenu } from '../../ui/row-menu.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { TaskCheck } from './task-check.tsx';
import { TaskTypeIcon } from './task-type.tsx';
import classes from './tasks-page.module.css';

/** One task: tick it, see what it is for, who does it and by when; overdue ones stand out. */
export const TaskRow = memo(function TaskRow({
  task,
  target,
  onEdit,
  onDelete,
}: {
  task: Task;
  target: { goalId: number; goal: string; target: string } | undefined;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  // The API names what a task links to; an id shows only for a link whose record has gone.
  const assignee = task.assignee_rep_id ? (task.assignee_name ?? task.assignee_rep_id) : null;
  const state = task.status === 'done' ? 'done' : task.overdue ? 'overdue' : 'open';
  const goalLink = target
    ? `/goals?goal=${target.goalId}`
    : task.goal_id
      ? `/goals?goal=${task.goal_id}`
      : null;

  return (
    <li className={classes.row} data-status={state} data-testid={`task-${task.id}`}>
      <TaskCheck task={task} />
      <span className={classes.typeIcon} title={t(`tasks.types.${task.type}`)}>
        <TaskTypeIcon type={task.type} size={16} />
      </span>
      <div className={classes.what}>
        <Text fz="sm" fw={500} className={classes.title} lineClamp={2}>
          <NameText>{task.title}</NameText>
        </Text>
        <div className={classes.links}>
          {goalLink && (
            <Anchor
              href={goalLink}
              onClick={(event) => onLinkClick(event, goalLink)}
              fz="xs"
              className={classes.link}
              data-testid={`task-target-${task.id}`}
            >
              <IconTarget size={13} />
              {target ? `${isolated(target.goal)} › ${isolated(target.target)}` : t('tasks.linkedTarget')}
            </Anchor>
          )}
          {task.deal_id && (
            <span
              className={classes.link}
              title={t('tasks.dealId', { id: task.deal_id })}
              data-testid={`task-deal-${task.id}`}
            >
              <IconBriefcase size={13} aria-hidden />
              <VisuallyHidden>{t('tasks.deal')}: </VisuallyHidden>
              <span className={classes.linkName}>
                <NameText>{task.deal_name ?? task.deal_id}</NameText>
              </span>
            </span>
          )}
          {task.account_id && (
            <span
              className={classes.link}
              title={t('tasks.accountId', { id: task.account_id })}
              data-testid={`task-account-${task.id}`}
            >
              <IconBuildingStore size={13} aria-hidden />
              <VisuallyHidden>{t('tasks.account')}: </VisuallyHidden>
              <span className={classes.linkName}>
                <NameText>{task.account_name ?? task.account_id}</NameText>
              </span>
            </span>
          )}
        </div>
      </div>
      <Text fz="sm" c={assignee ? undefined : 'dimmed'} className={classes.assignee} truncate="end">
        {assignee ? <NameText>{assignee}</NameText> : t('tasks.nobody')}
      </Text>
      <div className={classes.due}>
        {task.due_date ? (
          <Text fz="sm" className="udn-num" fw={task.overdue ? 600 : 400} data-testid={`task-due-${task.id}`}>
            {format.day(task.due_date)}
          </Text>
        ) : (
          <Text fz="sm" c="dimmed">
            {t('tasks.noDue')}
          </Text>
        )}
        {state !== 'open' && <StatusBadge status={state} size="xs" />}
      </div>
      <RowMenu label={t('tasks.actionsFor', { title: task.title })} testId={`task-menu-${task.id}`}>
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onEdit(task)}>
          {t('tasks.edit')}
        </Menu.Item>
        <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => onDelete(task)}>
          {t('tasks.delete')}
        </Menu.Item>
      </RowMenu>
    </li>
  );
});
