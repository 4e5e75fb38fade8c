import { ActionIcon, Menu } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';

/**
 * The "⋯" menu of a row in a long list. A Mantine Menu sets up its floating position on mount;
 * forty of them made a page of goals render in one long task. This draws a plain button until the
 * first click, then the real menu, opened.
 */
export function RowMenu({
  label,
  testId,
  size = 'md',
  children,
}: {
  label: string;
  testId?: string;
  size?: 'sm' | 'md';
  children: ReactNode;
}) {
  const [opened, setOpened] = useState(false);
  const [mounted, setMounted] = useState(false);
  const button = (
    <ActionIcon
      variant="subtle"
      color="gray"
      size={size}
      aria-label={label}
      aria-haspopup="menu"
      data-testid={testId}
      onClick={
        mounted
          ? undefined
          : () => {
              setMounted(true);
              setOpened(true);
            }
      }
    >
      <IconDots size={size === 'sm' ? 16 : 18} />
    </ActionIcon>
  );
  if (!mounted) return button;
  return (
    <Menu opened={opened} onChange={setOpened} position="bottom-end" withinPortal>
      <Menu.Target>{button}</Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}
