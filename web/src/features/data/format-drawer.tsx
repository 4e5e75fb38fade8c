import { Alert, Code, Drawer, List, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import Markdown, { type Components } from 'react-markdown';
import { useI18n } from '../../i18n/i18n-context.tsx';
import classes from './data-page.module.css';
import { useFormatDocument } from './use-data-api.ts';

/** Headings one level down: the drawer's title is the document's heading (h2). */
const COMPONENTS: Components = {
  h1: ({ children }) => <Title order={3}>{children}</Title>,
  h2: ({ children }) => (
    <Title order={3} mt="lg" mb="xs">
      {children}
    </Title>
  ),
  h3: ({ children }) => (
    <Title order={4} mt="md" mb="xs">
      {children}
    </Title>
  ),
  p: ({ children }) => (
    <Text fz="sm" my="xs">
      {children}
    </Text>
  ),
  ul: ({ children }) => (
    <List fz="sm" spacing={6} my="xs" className={classes.formatList}>
      {children}
    </List>
  ),
  li: ({ children }) => <List.Item>{children}</List.Item>,
  code: ({ children, className }) =>
    className ? (
      <Code block className={classes.formatCode}>
        {children}
      </Code>
    ) : (
      <Code>{children}</Code>
    ),
  pre: ({ children }) => <>{children}</>,
};

/**
 * The import format as the server serves it (KPI-SPEC §1–§2 and docs/import.md), beside the page.
 * The specification is written in English; Indonesian readers are told so.
 */
export function FormatDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const phone = useMediaQuery('(max-width: 48em)');
  const doc = useFormatDocument(opened);
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'xl'}
      title={
        <Title order={2} fz="h3">
          {t('data.formatTitle')}
        </Title>
      }
      closeButtonProps={{ 'aria-label': t('data.formatClose') }}
    >
      <Stack gap="xs" data-testid="format-document">
        {locale !== 'en' && (
          <Alert color="gray" variant="light" p="xs">
            <Text fz="sm">{t('data.formatInEnglish')}</Text>
          </Alert>
        )}
        {doc.isPending ? (
          <Stack gap={6}>
            {[1, 2, 3, 4, 5].map((row) => (
              <Skeleton key={row} h={20} radius="sm" />
            ))}
          </Stack>
        ) : doc.isError ? (
          <Text c="red" fz="sm">
            {doc.error.message}
          </Text>
        ) : (
          <div lang="en">
            <Markdown components={COMPONENTS}>{doc.data}</Markdown>
          </div>
        )}
      </Stack>
    </Drawer>
  );
}
