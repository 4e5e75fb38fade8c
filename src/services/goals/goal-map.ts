import type { Goal, GoalMap, GoalMapNode, Task } from '../../core/contracts/goals.ts';
import { METRICS, type MetricKey } from '../../core/kpis/definitions.ts';
import type { Store } from '../../db/database.ts';
import { listFolders } from '../../db/goal-folders-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import type { ClockOptions } from './goal-clock.ts';
import { listGoals } from './goals-service.ts';
import { listTasks } from './tasks-service.ts';

/** Tasks shown under one target in the map; the rest are counted in the target's progress. */
const TASKS_PER_TARGET = 50;

/**
 * The goal map (mind map): organisation → folders → goals → targets → the KPI a target follows or
 * the tasks linked to it, each node with its status and progress and the ids needed to add a goal
 * or a target in place. Goals without a folder hang from the root.
 */
export async function goalMap(store: Store, org: OrgRecord, options: ClockOptions = {}): Promise<GoalMap> {
  const [list, folders, tasks] = await Promise.all([
    listGoals(store, org, {}, options),
    listFolders(store.db, org.id),
    listTasks(store, org, { limit: 5000 }, options),
  ]);
  const tasksByTarget = new Map<number, Task[]>();
  for (const task of tasks.tasks) {
    if (task.target_id === null) continue;
    const bucket = tasksByTarget.get(task.target_id);
    if (bucket) bucket.push(task);
    else tasksByTarget.set(task.target_id, [task]);
  }
  const goalNode = (goal: Goal): GoalMapNode => ({
    id: `goal:${goal.id}`,
    type: 'goal',
    label: goal.name,
    status: goal.status,
    progress: goal.progress,
    ref: { goal_id: goal.id, folder_id: goal.folder_id, kind: goal.kind },
    children: goal.targets.map((target) => {
      const children: GoalMapNode[] = [];
      if (target.kind === 'kpi' && target.metric !== null) {
        children.push({
          id: `kpi:${target.id}`,
          type: 'kpi',
          label: `${METRICS[target.metric as MetricKey].label.en} (${target.scope ?? 'org'}, ${target.from} – ${target.to})`,
          status: target.status,
          progress: target.progress,
          ref: { target_id: target.id, metric: target.metric, scope: target.scope ?? 'org' },
          children: [],
        });
      }
      for (const task of (tasksByTarget.get(target.id) ?? []).slice(0, TASKS_PER_TARGET)) {
        children.push({
          id: `task:${task.id}`,
          type: 'task',
          label: task.title,
          status: task.status === 'done' ? 'done' : task.overdue ? 'overdue' : 'open',
          progress: task.status === 'done' ? 1 : 0,
          ref: { task_id: task.id, target_id: target.id },
          children: [],
        });
      }
      return {
        id: `target:${target.id}`,
        type: 'target',
        label: target.name,
        status: target.status,
        progress: target.progress,
        ref: { target_id: target.id, goal_id: goal.id, kind: target.kind },
        children,
      };
    }),
  });
  const folderNodes: GoalMapNode[] = folders.map((folder) => ({
    id: `folder:${folder.id}`,
    type: 'folder',
    label: folder.name,
    status: null,
    progress: null,
    ref: { folder_id: folder.id },
    children: list.goals.filter((g) => g.folder_id === folder.id).map(goalNode),
  }));
  return {
    today: list.today,
    root: {
      id: 'org',
      type: 'root',
      label: org.name,
      status: null,
      progress: null,
      ref: { folder_id: null },
      children: [...folderNodes, ...list.goals.filter((g) => g.folder_id === null).map(goalNode)],
    },
  };
}
