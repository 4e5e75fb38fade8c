import { Button, Menu } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet, IconFileTypeCsv } from '@tabler/icons-react';
import { useI18n } from '../i18n/i18n-context.tsx';

/** "Export" with CSV and XLSX: links to the export of the same rows, downloaded by the browser. */
export function TableExportMenu({ urls, testId }: { urls: { csv: string; xlsx: string }; testId: string }) {
  const { t } = useI18n();
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="compact-xs"
          leftSection={<IconDownload size={14} />}
          data-testid={testId}
        >
          {t('export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          component="a"
          href={urls.csv}
          download
          leftSection={<IconFileTypeCsv size={16} />}
          data-testid={`${testId}-csv`}
        >
          {t('export.csv')}
        </Menu.Item>
        <Menu.Item
          component="a"
          href={urls.xlsx}
          download
          leftSection={<IconFileSpreadsheet size={16} />}
          data-testid={`${testId}-xlsx`}
        >
          {t('export.xlsx')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
