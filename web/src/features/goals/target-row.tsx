import { Button, Group, Menu, Switch, Text, Tooltip } from '@mantine/core';
import { IconHistory, IconPencil, IconPencilPlus, IconTargetArrow, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { isTargetMetric } from '../../../../src/core/kpis/definitions.ts';
import type { Goal, GoalTarget, Task } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { NameText } from '../../ui/name-text.tsx';
import { PaceBar } from '../../ui/pace-bar.tsx';
import { RowMenu } from '../../ui/row-menu.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import type { PaceUnit } from '../../ui/use-pace-text.ts';
import { TargetTasks } from '../tasks/target-tasks.tsx';
import { useGoalActions } from './goal-actions.tsx';
import { useGoalText } from './goal-text.ts';
import { KindIcon } from './kind-icon.tsx';
import { KpiInfo } from './kpi-info.tsx';
import { TargetQuotaHistory } from './target-quota-history.tsx';
import classes from './target-row.module.css';

/**
 * One target: what it measures, where it is against what it asks (and, for a target of its own on a
 * KPI with quotas, the company quota beside it), its progress against the linear pace, its status
 * and what it still takes — every figure as the API computed it.
 */
export function TargetRow({ goal, target, tasks }: { goal: Goal; target: GoalTarget; tasks: Task[] }) {
  const { t } = useI18n();
  const actions = useGoalActions();
  const text = useGoalText();
  const { paceText, percentOf } = text;
  const pace = paceText(target.status, target.pacing, target.unit as PaceUnit);
  const typed = target.kind === 'number' || target.kind === 'currency';
  const goalValue = text.goalValue(target);
  const paceLine = [pace.expected, pace.needed].filter(Boolean).join(' · ');
  // A KPI of targets.csv (core's TARGET_METRICS): it has company quotas.
  const quotaKpi = target.kind === 'kpi' && target.metric !== null && isTargetMetric(target.metric);
  const [quotaHistory, setQuotaHistory] = useState(false);

  return (
    <li className={classes.row} data-testid={`target-${target.id}`}>
      <span className={classes.kind} data-kind={target.kind} title={t(`target.kind.${target.kind}`)}>
        <KindIcon kind={target.kind} />
      </span>

      <div className={classes.what}>
        {/* Badges wrap under a long name on a phone rather than cutting it short. */}
        <Group gap={4} wrap="wrap" className={classes.title}>
          <Text
            fz="sm"
            fw={600}
            truncate="end"
            className={classes.name}
            data-testid={`target-name-${target.id}`}
          >
            <NameText>{target.name}</NameText>
          </Text>
          {target.kind === 'kpi' && target.metric && <KpiInfo metric={target.metric} />}
          {target.weight !== null && (
            <Tooltip label={t('target.weightHint', { weight: target.weight })}>
              <span className={classes.weight}>×{target.weight}</span>
            </Tooltip>
          )}
          {target.is_quota && goal.kind !== 'quota' && (
            <Tooltip label={t('target.quotaBadgeHint')}>
              <span className={classes.quota} data-testid={`target-is-quota-${target.id}`}>
                <IconTargetArrow size={12} aria-hidden />
                {t('target.quotaBadge')}
              </span>
            </Tooltip>
          )}
        </Group>
        <Text fz="xs" c="dimmed" truncate="end">
          {text.detail(target)}
        </Text>
      </div>

      <div className={classes.values}>
        <Text fz="sm" fw={650} className="udn-num" truncate="end" data-testid={`target-current-${target.id}`}>
          {text.current(target)}
        </Text>
        {goalValue && (
          <Text fz="xs" c="dimmed" className="udn-num" truncate="end">
            {t('target.of', { value: goalValue })}
          </Text>
        )}
        {!target.is_quota && target.quota_value !== null && (
          <Text
            fz="xs"
            c="dimmed"
            className={`udn-num ${classes.quotaValue}`}
            truncate="end"
            title={t('target.quotaBesideHint')}
            data-testid={`target-quota-${target.id}`}
          >
            {t('target.quotaBeside', { value: text.amount(target.quota_value, target) })}
          </Text>
        )}
      </div>

      <div className={classes.status}>
        <StatusBadge status={target.status} size="xs" testId={`target-status-${target.id}`} />
      </div>

      <div className={classes.progress}>
        <Text fz="xs" fw={600} className="udn-num" data-testid={`target-progress-${target.id}`}>
          {percentOf(target.progress)}
        </Text>
        <PaceBar
          size="sm"
          progress={target.progress}
          expected={target.pacing.expected}
          status={target.status}
          label={t('goals.progressOf', { name: target.name })}
          expectedLabel={pace.expected}
        />
        <Text fz="xs" c="dimmed" lineClamp={2} mt={3} className={classes.pace}>
          {paceLine || '\u00a0'}
        </Text>
      </div>

      <div className={classes.actions}>
        {typed && (
          <Button
            variant="light"
            size="compact-xs"
            leftSection={<IconPencilPlus size={14} />}
            onClick={() => actions.open({ kind: 'value', goal, target })}
            data-testid={`target-record-${target.id}`}
          >
            {t('target.record')}
          </Button>
        )}
        {target.kind === 'boolean' && (
          <Switch
            size="sm"
            checked={target.done === true}
            onChange={(event) => actions.setDone(target, event.currentTarget.checked)}
            aria-label={t('target.markDone', { name: target.name })}
            data-testid={`target-done-${target.id}`}
          />
        )}
        <RowMenu
          size="sm"
          label={t('target.actionsFor', { name: target.name })}
          testId={`target-menu-${target.id}`}
        >
          <Menu.Item
            leftSection={<IconPencil size={16} />}
            onClick={() => actions.open({ kind: 'target', goal, target })}
            data-testid={`target-edit-${target.id}`}
          >
            {t('target.edit')}
          </Menu.Item>
          {(typed || target.kind === 'boolean') && (
            <Menu.Item
              leftSection={<IconHistory size={16} />}
              onClick={() => actions.open({ kind: 'value', goal, target })}
            >
              {t('target.history')}
            </Menu.Item>
          )}
          {quotaKpi && (
            <Menu.Item
              leftSection={<IconHistory size={16} />}
              onClick={() => setQuotaHistory(true)}
              data-testid={`target-quota-history-${target.id}`}
            >
              {t('target.quotaHistory')}
            </Menu.Item>
          )}
          <Menu.Divider />
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => actions.open({ kind: 'target-delete', goal, target })}
            data-testid={`target-delete-${target.id}`}
          >
            {t('target.delete')}
          </Menu.Item>
        </RowMenu>
      </div>

      {(target.kind === 'tasks' || tasks.length > 0) && (
        <div className={classes.tasks}>
          <TargetTasks target={target} tasks={tasks} allowAdd={target.kind === 'tasks'} />
        </div>
      )}
      {quotaHistory && <TargetQuotaHistory target={target} onClose={() => setQuotaHistory(false)} />}
    </li>
  );
}
