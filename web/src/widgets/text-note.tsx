import { ScrollArea, Text } from '@mantine/core';
import type { Widget } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Free text for context ("targets were revised in March"); plain text, so nothing can be injected. */
export function TextNote({ widget }: { widget: Widget }) {
  const { t } = useI18n();
  const text = widget.config.text?.trim();
  return (
    <ScrollArea h="100%" type="auto">
      <Text fz="sm" c={text ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap', lineHeight: 1.6 }}>
        {text || t('note.empty')}
      </Text>
    </ScrollArea>
  );
}
