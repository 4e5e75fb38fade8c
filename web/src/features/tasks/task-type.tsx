import { IconCalendarEvent, IconChecklist, IconMail, IconPhone } from '@tabler/icons-react';
import type { TaskType } from '../../api/types.ts';

export const TASK_TYPES: readonly TaskType[] = ['call', 'email', 'meeting', 'todo'];

const ICONS = { call: IconPhone, email: IconMail, meeting: IconCalendarEvent, todo: IconChecklist } as const;

export function TaskTypeIcon({ type, size = 16 }: { type: TaskType; size?: number }) {
  const Icon = ICONS[type];
  return <Icon size={size} stroke={1.8} aria-hidden />;
}
