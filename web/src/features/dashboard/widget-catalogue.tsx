import { SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import type { WidgetType } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { WIDGETS } from '../../widgets/widget-registry.tsx';
import classes from './widget-editor.module.css';

/** The first step of adding a widget: every type there is, with what it shows. */
export function WidgetCatalogue({ onPick }: { onPick: (type: WidgetType) => void }) {
  const { t } = useI18n();
  const types = Object.values(WIDGETS).filter((spec) => spec.inCatalogue);
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="sm">
      {types.map((spec) => {
        const Icon = spec.icon;
        return (
          <UnstyledButton
            key={spec.type}
            className={classes.option}
            onClick={() => onPick(spec.type)}
            data-testid={`catalogue-${spec.type}`}
          >
            <span className={classes.icon}>
              <Icon size={20} stroke={1.75} />
            </span>
            <Text fz="sm" fw={600} mt="xs">
              {t(`widget.type.${spec.type}`)}
            </Text>
            <Text fz="xs" c="dimmed" mt={2}>
              {t(`widget.about.${spec.type}`)}
            </Text>
          </UnstyledButton>
        );
      })}
    </SimpleGrid>
  );
}
