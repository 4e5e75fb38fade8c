import { Button, Menu } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** "Export PDF" of the dashboard as shown (period, scope, comparison), on A4 or Letter, landscape. */
export function PdfExportMenu({ urls }: { urls: { a4: string; letter: string } }) {
  const { t } = useI18n();
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          leftSection={<IconFileTypePdf size={16} />}
          visibleFrom="sm"
          data-testid="export-pdf"
        >
          {t('export.pdf')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={urls.a4} download data-testid="export-pdf-a4">
          {t('export.a4')}
        </Menu.Item>
        <Menu.Item component="a" href={urls.letter} download data-testid="export-pdf-letter">
          {t('export.letter')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
