import { Anchor, Box, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { memo } from 'react';
import { type FilePreview, TABLE_FIELDS } from '../../../../src/core/contracts/mapping.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { sourceColumnOf } from './mapping-edit.ts';
import classes from './mapping-screen.module.css';

interface Problem {
  id: string;
  /** Whether the problem is on one cell of the grid (which then has the id `${id}-cell`). */
  onCell?: true;
  line: number;
  column: string | null;
  message: string;
}

/** Every problem of the preview, the file's own first, each with an id its cell points to. */
function problemsOf(
  preview: FilePreview,
  idPrefix: string,
): { list: Problem[]; byCell: Map<string, string> } {
  const list: Problem[] = preview.problems.map((problem, index) => ({
    id: `${idPrefix}-file-problem-${index}`,
    ...problem,
  }));
  const byCell = new Map<string, string>();
  for (const row of preview.rows) {
    if (row.problem) {
      list.push({ id: `${idPrefix}-row-${row.line}`, line: row.line, column: null, message: row.problem });
    }
    for (const [field, cell] of Object.entries(row.cells)) {
      if (!cell.problem) continue;
      const id = `${idPrefix}-cell-${row.line}-${field}`;
      byCell.set(`${row.line}|${field}`, id);
      list.push({
        id,
        onCell: true,
        line: row.line,
        column: sourceColumnOf(preview.mapping, field),
        message: cell.problem,
      });
    }
  }
  return { list, byCell };
}

/**
 * The first rows as UDN will read them: one column per UDN field, each cell the value it becomes
 * (its source text beside it when they differ), a cell with a problem red and pointing at its line
 * in the list under the grid — which names the source line and column.
 */
export const PreviewGrid = memo(function PreviewGrid({
  preview,
  idPrefix,
}: {
  preview: FilePreview;
  idPrefix: string;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const table = preview.mapping?.table;
  const present = new Set(preview.rows.flatMap((row) => Object.keys(row.cells)));
  const fields = table ? TABLE_FIELDS[table].filter((field) => present.has(field)) : [...present];
  const { list, byCell } = problemsOf(preview, idPrefix);
  return (
    <Stack gap="xs">
      <Title order={4} fz="sm">
        {preview.truncated
          ? t('data.map.previewFirst', { count: format.number(preview.rows.length) })
          : t('data.map.preview')}
      </Title>
      <Box className={classes.gridWrap} tabIndex={0} aria-label={t('data.map.preview')} role="region">
        {/* Plain elements: a hundred rows of a dozen cells as components would take most of a second to draw. */}
        <table className={classes.grid} data-testid="preview-grid">
          <thead>
            <tr>
              <th className={classes.lineCell}>{t('data.line')}</th>
              {fields.map((field) => (
                <th key={field} className={classes.mono}>
                  {field}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr
                key={row.line}
                data-testid="preview-row"
                data-line={row.line}
                className={row.skipped ? classes.skippedRow : undefined}
              >
                <td className={`${classes.lineCell} udn-num`}>{row.line}</td>
                {fields.map((field) => {
                  const cell = row.cells[field];
                  const problemId = byCell.get(`${row.line}|${field}`);
                  const value = cell?.value ?? null;
                  const source = cell?.source ?? null;
                  // A row that could not be read has no values: its source text is shown, dimmed.
                  const unread = value === null && source !== null && !problemId;
                  const differs = value !== null && source !== null && source !== value;
                  return (
                    <td
                      key={field}
                      className={problemId ? classes.badCell : undefined}
                      aria-invalid={problemId ? true : undefined}
                      aria-describedby={problemId}
                      id={problemId ? `${problemId}-cell` : undefined}
                      title={cell?.problem}
                      data-testid={`preview-cell-${field}`}
                    >
                      {problemId || unread ? (
                        <span className={unread ? classes.unread : undefined}>{source}</span>
                      ) : (
                        value
                      )}
                      {differs && !problemId && <span className={classes.sourceHint}>{source}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Box>
      {list.length > 0 ? (
        <ul className={classes.problemList} data-testid="preview-problems">
          {list.map((problem) => (
            <li
              key={problem.id}
              id={problem.id}
              className={classes.problemItem}
              data-testid="preview-problem"
            >
              <IconAlertTriangle size={14} aria-hidden className={classes.problemIcon} />
              <Text fz="sm" span className={classes.breakAnywhere}>
                <Text span fz="xs" className={classes.mono} c="dimmed">
                  {[
                    preview.source,
                    problem.line > 0 ? t('data.map.atLine', { line: problem.line }) : null,
                    problem.column,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>{' '}
                — {problem.message}
                {problem.onCell && (
                  <>
                    {' '}
                    <Anchor
                      component="button"
                      type="button"
                      fz="sm"
                      className={classes.showCell}
                      onClick={() =>
                        // The grid scrolls sideways on a phone: bring the red cell into view.
                        document
                          .getElementById(`${problem.id}-cell`)
                          ?.scrollIntoView({ block: 'nearest', inline: 'center', behavior: 'smooth' })
                      }
                      data-testid="show-cell"
                    >
                      {t('data.map.showCell')}
                    </Anchor>
                  </>
                )}
              </Text>
            </li>
          ))}
        </ul>
      ) : (
        <Text fz="sm" c="teal" data-testid="preview-clean">
          {t('data.map.noProblems')}
        </Text>
      )}
    </Stack>
  );
});
