import { ActionIcon, Box, Group, Menu, Text, Tooltip } from '@mantine/core';
import {
  IconAdjustments,
  IconArrowDown,
  IconArrowUp,
  IconDots,
  IconGripVertical,
  IconTrash,
} from '@tabler/icons-react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { MetricKey } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { MetricInfo } from './metric-info.tsx';
import classes from './widget-frame.module.css';

export interface FrameActions {
  editing: boolean;
  onConfigure: () => void;
  onRemove: () => void;
  /** Keyboard moves and resizes, in grid cells. */
  onNudge: (move: { dx?: number; dy?: number; dw?: number; dh?: number }) => void;
  /**
   * The phone's one-column layout, where nothing is dragged: the menu moves the widget one place
   * up or down instead (absent on the desktop grid).
   */
  stacked?: { first: boolean; last: boolean; onMove: (step: -1 | 1) => void } | undefined;
}

interface WidgetFrameProps {
  title: string;
  subtitle?: string | undefined;
  metric?: MetricKey | undefined;
  actions: FrameActions;
  children: ReactNode;
  widgetId: string;
  /** KPI cards use a compact header without a divider. */
  flush?: boolean;
  /** What a viewer may do with the widget outside editing (download it, make an alert of it). */
  viewItems?: readonly ViewItem[] | undefined;
}

/** A menu item of the widget outside editing: a download link or an action. */
export interface ViewItem {
  key: string;
  label: string;
  icon: ReactNode;
  href?: string;
  onClick?: () => void;
}

const KEY_MOVES: Record<string, { dx?: number; dy?: number }> = {
  ArrowLeft: { dx: -1 },
  ArrowRight: { dx: 1 },
  ArrowUp: { dy: -1 },
  ArrowDown: { dy: 1 },
};
const KEY_RESIZES: Record<string, { dw?: number; dh?: number }> = {
  ArrowLeft: { dw: -1 },
  ArrowRight: { dw: 1 },
  ArrowUp: { dh: -1 },
  ArrowDown: { dh: 1 },
};

export function WidgetFrame({
  title,
  subtitle,
  metric,
  actions,
  children,
  widgetId,
  flush,
  viewItems,
}: WidgetFrameProps) {
  const { t } = useI18n();
  const onHandleKey = (event: KeyboardEvent) => {
    const move = event.shiftKey ? KEY_RESIZES[event.key] : KEY_MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    actions.onNudge(move);
  };
  return (
    <Box
      component="section"
      className={classes.frame}
      data-editing={actions.editing || undefined}
      data-flush={flush || undefined}
      aria-label={title}
      data-testid={`widget-${widgetId}`}
    >
      <Group gap={4} wrap="nowrap" className={classes.header}>
        {actions.editing && !actions.stacked && (
          <Tooltip label={t('widget.moveHint')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              className={`${classes.handle} udn-drag-handle`}
              aria-label={t('widget.move', { title })}
              onKeyDown={onHandleKey}
              data-testid={`drag-${widgetId}`}
            >
              <IconGripVertical size={16} />
            </ActionIcon>
          </Tooltip>
        )}
        <Box className={classes.titleBox}>
          <Text component="h3" className={classes.title} truncate="end">
            {title}
          </Text>
          {subtitle && (
            <Text fz="xs" c="dimmed" truncate="end">
              {subtitle}
            </Text>
          )}
        </Box>
        {metric && <MetricInfo metric={metric} />}
        {!actions.editing && viewItems && viewItems.length > 0 && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                className={classes.viewMenu}
                aria-label={t('widget.more', { title })}
                data-testid={`more-${widgetId}`}
              >
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {viewItems.map((item) =>
                item.href ? (
                  <Menu.Item
                    key={item.key}
                    component="a"
                    href={item.href}
                    download
                    leftSection={item.icon}
                    data-testid={`${item.key}-${widgetId}`}
                  >
                    {item.label}
                  </Menu.Item>
                ) : (
                  <Menu.Item
                    key={item.key}
                    leftSection={item.icon}
                    onClick={item.onClick}
                    data-testid={`${item.key}-${widgetId}`}
                  >
                    {item.label}
                  </Menu.Item>
                ),
              )}
            </Menu.Dropdown>
          </Menu>
        )}
        {actions.editing && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant={actions.stacked ? 'default' : 'subtle'}
                color="gray"
                size={actions.stacked ? 'lg' : 'sm'}
                aria-label={t('widget.actions', { title })}
                data-testid={`menu-${widgetId}`}
              >
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconAdjustments size={16} />}
                onClick={actions.onConfigure}
                data-testid={`configure-${widgetId}`}
              >
                {t('widget.configure')}
              </Menu.Item>
              {actions.stacked && (
                <>
                  <Menu.Item
                    leftSection={<IconArrowUp size={16} />}
                    disabled={actions.stacked.first}
                    onClick={() => actions.stacked?.onMove(-1)}
                    data-testid={`move-up-${widgetId}`}
                  >
                    {t('widget.moveUp')}
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconArrowDown size={16} />}
                    disabled={actions.stacked.last}
                    onClick={() => actions.stacked?.onMove(1)}
                    data-testid={`move-down-${widgetId}`}
                  >
                    {t('widget.moveDown')}
                  </Menu.Item>
                </>
              )}
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={actions.onRemove}
                data-testid={`remove-${widgetId}`}
              >
                {t('widget.remove')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Box className={classes.body}>{children}</Box>
    </Box>
  );
}
