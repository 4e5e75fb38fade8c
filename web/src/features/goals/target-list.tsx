import { Text } from '@mantine/core';
import { useMemo } from 'react';
import type { Goal, Task } from '../../api/types.ts';
import { useTasks } from '../../api/use-tasks.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import classes from './target-list.module.css';
import { TargetRow } from './target-row.tsx';

const NO_TASKS: Task[] = [];

/** The targets of an expanded goal, with the tasks linked to each (one request for the goal). */
export function TargetList({ goal }: { goal: Goal }) {
  const { t } = useI18n();
  const tasks = useTasks({ goal_id: goal.id, limit: 500 }, goal.targets.length > 0);
  const byTarget = useMemo(() => {
    const map = new Map<number, Task[]>();
    for (const task of tasks.data?.tasks ?? []) {
      if (task.target_id === null) continue;
      map.set(task.target_id, [...(map.get(task.target_id) ?? []), task]);
    }
    return map;
  }, [tasks.data]);

  if (goal.targets.length === 0) {
    return (
      <Text fz="sm" c="dimmed" py="xs">
        {t('target.none')}
      </Text>
    );
  }
  return (
    <ul className={classes.list} aria-label={t('target.listOf', { name: goal.name })}>
      {goal.targets.map((target) => (
        <TargetRow key={target.id} goal={goal} target={target} tasks={byTarget.get(target.id) ?? NO_TASKS} />
      ))}
    </ul>
  );
}
