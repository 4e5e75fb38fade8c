import { ActionIcon, Button, Group } from '@mantine/core';
import { IconChevronRight, IconExternalLink, IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import type { GoalMapNode } from '../../../api/types.ts';
import { onLinkClick } from '../../../app/router.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { type ShownStatus, StatusBadge } from '../../../ui/status-badge.tsx';
import { useGoalText } from '../goal-text.ts';
import { ExpandCollapse } from './expand-collapse.tsx';
import classes from './goal-outline.module.css';
import { MapAddForm } from './map-add-form.tsx';
import { canAdd, NodeIcon } from './map-node.tsx';
import { expandableIds, outlineExpanded } from './outline-state.ts';

type Draft = { parentId: string; type: 'goal' | 'target' };

/**
 * The goal map for a narrow screen: the same tree (organisation → folders → goals → targets → KPI
 * and tasks, GET /goals/map) as an outline that grows downwards instead of to the right, so every
 * name wraps and reads at full size. Each level opens and closes; goals and folders take a new
 * target or goal in place, as on the map.
 */
export function GoalOutline({ root }: { root: GoalMapNode }) {
  const { t } = useI18n();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => outlineExpanded(root));
  const [draft, setDraft] = useState<Draft | null>(null);

  const toggle = useCallback((id: string) => {
    setExpanded((open) => {
      const next = new Set(open);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const startAdd = useCallback((node: GoalMapNode) => {
    const type = canAdd(node);
    if (!type) return;
    setExpanded((open) => new Set([...open, node.id]));
    setDraft({ parentId: node.id, type });
  }, []);

  // Saved or cancelled: focus goes back to the button that opened the form.
  const finishAdd = useCallback(() => {
    const parentId = draft?.parentId;
    setDraft(null);
    if (parentId === undefined) return;
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`[data-add-for="${CSS.escape(parentId)}"]`)?.focus(),
    );
  }, [draft]);

  return (
    <div className={classes.outline} data-testid="goal-outline">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => startAdd(root)}
          data-add-for={root.id}
          data-testid={`outline-add-${root.id}`}
        >
          {t('map.newGoal')}
        </Button>
        <Group gap={4} wrap="nowrap">
          <ExpandCollapse
            size="lg"
            testIdPrefix="outline"
            onExpand={() => setExpanded(expandableIds(root))}
            onCollapse={() => setExpanded(new Set([root.id]))}
          />
        </Group>
      </Group>
      <OutlineList
        parent={root}
        level={1}
        expanded={expanded}
        draft={draft}
        onToggle={toggle}
        onAdd={startAdd}
        onDraftDone={finishAdd}
      />
    </div>
  );
}

interface ListProps {
  parent: GoalMapNode;
  level: number;
  expanded: ReadonlySet<string>;
  draft: Draft | null;
  onToggle: (id: string) => void;
  onAdd: (node: GoalMapNode) => void;
  onDraftDone: () => void;
}

function OutlineList({ parent, level, expanded, draft, onToggle, onAdd, onDraftDone }: ListProps) {
  const drafting = draft?.parentId === parent.id;
  if (parent.children.length === 0 && !drafting) return null;
  return (
    <ul className={classes.list} data-level={level}>
      {parent.children.map((node) => (
        <OutlineItem
          key={node.id}
          node={node}
          level={level}
          expanded={expanded}
          draft={draft}
          onToggle={onToggle}
          onAdd={onAdd}
          onDraftDone={onDraftDone}
        />
      ))}
      {drafting && draft && (
        <li className={classes.draft}>
          <MapAddForm parent={parent} type={draft.type} onDone={onDraftDone} onCancel={onDraftDone} />
        </li>
      )}
    </ul>
  );
}

function OutlineItem({
  node,
  level,
  expanded,
  draft,
  onToggle,
  onAdd,
  onDraftDone,
}: Omit<ListProps, 'parent'> & { node: GoalMapNode }) {
  const { t } = useI18n();
  const text = useGoalText();
  const open = expanded.has(node.id) || draft?.parentId === node.id;
  const expandable = node.children.length > 0;
  const add = canAdd(node);
  const label =
    node.type === 'kpi' && node.ref.metric
      ? `${text.metricLabel(node.ref.metric)} · ${text.scope(node.ref.scope ?? 'org')}`
      : node.label;
  const withProgress = node.type === 'goal' || node.type === 'target' || node.type === 'kpi';
  const progress = node.progress === null ? 0 : Math.min(1, Math.max(0, node.progress));
  const childrenId = `outline-children-${node.id}`;

  const body = (
    <>
      <span className={classes.head}>
        <span className={classes.icon} data-status={node.status ?? undefined}>
          <NodeIcon node={node} />
        </span>
        <span className={classes.label} data-outline-label>
          {label}
        </span>
        {node.status && <StatusBadge status={node.status as ShownStatus} size="xs" />}
      </span>
      {withProgress && (
        <span className={classes.foot}>
          <span className={classes.bar} data-status={node.status ?? undefined} aria-hidden>
            <span style={{ width: `${progress * 100}%` }} />
          </span>
          <span className={`${classes.percent} udn-num`}>
            {node.progress === null ? '—' : text.percentOf(node.progress)}
          </span>
        </span>
      )}
      {node.type === 'folder' && (
        <span className={classes.count}>{t('goals.count', { count: node.children.length })}</span>
      )}
    </>
  );

  return (
    <li className={classes.item} data-type={node.type} data-testid={`outline-node-${node.id}`}>
      <div className={classes.row} data-status={node.status ?? undefined}>
        {expandable ? (
          <button
            type="button"
            className={classes.main}
            aria-expanded={open}
            aria-controls={open ? childrenId : undefined}
            onClick={() => onToggle(node.id)}
            data-testid={`outline-toggle-${node.id}`}
          >
            <IconChevronRight
              size={16}
              className={classes.chevron}
              data-open={open || undefined}
              aria-hidden
            />
            <span className={classes.body}>{body}</span>
          </button>
        ) : (
          <div className={classes.main}>
            <span className={classes.chevronSpace} />
            <span className={classes.body}>{body}</span>
          </div>
        )}
        {(add || (node.type === 'goal' && node.ref.goal_id !== undefined)) && (
          <span className={classes.actions}>
            {node.type === 'goal' && node.ref.goal_id !== undefined && (
              <ActionIcon
                component="a"
                href={`/goals?goal=${node.ref.goal_id}`}
                onClick={(event: React.MouseEvent<HTMLAnchorElement>) =>
                  onLinkClick(event, `/goals?goal=${node.ref.goal_id}`)
                }
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={t('map.openInList')}
              >
                <IconExternalLink size={16} />
              </ActionIcon>
            )}
            {add && (
              <ActionIcon
                variant="subtle"
                size="lg"
                onClick={() => onAdd(node)}
                aria-label={add === 'goal' ? t('map.addGoal') : t('map.addTarget')}
                data-add-for={node.id}
                data-testid={`outline-add-${node.id}`}
              >
                <IconPlus size={16} />
              </ActionIcon>
            )}
          </span>
        )}
      </div>
      {open && (
        <div id={childrenId}>
          <OutlineList
            parent={node}
            level={level + 1}
            expanded={expanded}
            draft={draft}
            onToggle={onToggle}
            onAdd={onAdd}
            onDraftDone={onDraftDone}
          />
        </div>
      )}
    </li>
  );
}
