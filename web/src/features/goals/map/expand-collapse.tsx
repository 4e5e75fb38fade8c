import { ActionIcon, Tooltip } from '@mantine/core';
import { IconArrowsMaximize, IconArrowsMinimize } from '@tabler/icons-react';
import { useI18n } from '../../../i18n/i18n-context.tsx';

/** "Expand all" and "Collapse all", the same on the map's toolbar and the phone's outline. */
export function ExpandCollapse({
  onExpand,
  onCollapse,
  size,
  testIdPrefix,
}: {
  onExpand: () => void;
  onCollapse: () => void;
  size?: 'lg';
  testIdPrefix: 'map' | 'outline';
}) {
  const { t } = useI18n();
  return (
    <>
      <Tooltip label={t('map.expandAll')}>
        <ActionIcon
          variant="default"
          size={size}
          onClick={onExpand}
          aria-label={t('map.expandAll')}
          data-testid={`${testIdPrefix}-expand-all`}
        >
          <IconArrowsMaximize size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t('map.collapseAll')}>
        <ActionIcon
          variant="default"
          size={size}
          onClick={onCollapse}
          aria-label={t('map.collapseAll')}
          data-testid={`${testIdPrefix}-collapse-all`}
        >
          <IconArrowsMinimize size={16} />
        </ActionIcon>
      </Tooltip>
    </>
  );
}
