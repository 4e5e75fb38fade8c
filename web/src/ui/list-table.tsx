import { Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * A settings list as a table (tokens, invitations): its column heads, then a last column of row
 * actions, named for screen readers only. It scrolls sideways on narrow screens, by keyboard too.
 */
export function ListTable({
  columns,
  testId,
  children,
}: {
  columns: string[];
  testId: string;
  /** The rows (`Table.Tr`), each ending with its actions cell. */
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Table.ScrollContainer minWidth={640} type="native" tabIndex={0}>
      <Table verticalSpacing="xs" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column}>{column}</Table.Th>
            ))}
            <Table.Th>
              <VisuallyHidden>{t('access.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
