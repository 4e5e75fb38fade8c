import { Group, Text, UnstyledButton } from '@mantine/core';
import type { TargetKind } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { KindIcon, TARGET_KINDS } from './kind-icon.tsx';
import classes from './target-form.module.css';

/** The kind of a new target, one card per kind with what it is for; an existing target's kind, fixed. */
export function TargetKindPicker({
  kind,
  fixed,
  onPick,
}: {
  kind: TargetKind;
  /** An existing target: its kind cannot change, so it is only shown. */
  fixed: boolean;
  onPick: (kind: TargetKind) => void;
}) {
  const { t } = useI18n();
  if (fixed) {
    return (
      <Group gap="xs">
        <span className={classes.kindBadge}>
          <KindIcon kind={kind} size={14} />
          {t(`target.kind.${kind}`)}
        </span>
      </Group>
    );
  }
  return (
    <div className={classes.kinds} role="radiogroup" aria-label={t('target.kindLabel')}>
      {TARGET_KINDS.map((option) => (
        <UnstyledButton
          key={option}
          className={classes.kind}
          role="radio"
          aria-checked={kind === option}
          data-active={kind === option || undefined}
          onClick={() => onPick(option)}
          data-testid={`target-kind-${option}`}
        >
          <span className={classes.kindIcon}>
            <KindIcon kind={option} size={18} />
          </span>
          <Text fz="sm" fw={600}>
            {t(`target.kind.${option}`)}
          </Text>
          <Text fz="xs" c="dimmed" lh={1.35}>
            {t(`target.kindAbout.${option}`)}
          </Text>
        </UnstyledButton>
      ))}
    </div>
  );
}
