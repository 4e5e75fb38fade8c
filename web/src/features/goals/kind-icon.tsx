import { IconChartLine, IconCoin, IconHash, IconListCheck, IconToggleRight } from '@tabler/icons-react';
import type { TargetKind } from '../../api/types.ts';

const ICONS = {
  number: IconHash,
  currency: IconCoin,
  boolean: IconToggleRight,
  tasks: IconListCheck,
  kpi: IconChartLine,
} as const;

/** The same icon for a kind of target everywhere: list, forms, the goal map. */
export function KindIcon({ kind, size = 16 }: { kind: TargetKind; size?: number }) {
  const Icon = ICONS[kind];
  return <Icon size={size} stroke={1.8} aria-hidden />;
}

export const TARGET_KINDS: readonly TargetKind[] = ['number', 'currency', 'boolean', 'tasks', 'kpi'];
