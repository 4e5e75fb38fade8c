import { terminalText } from '../core/terminal-text.ts';

/**
 * Rows as aligned columns under a rule: the first `alignLeft` columns padded on the right, the rest
 * (figures) on the left. Each cell is escaped for the terminal first, so a width counts the
 * characters the terminal shows and a name holding a line break or ESC cannot break the layout.
 */
export function textTable(rows: readonly (readonly string[])[], alignLeft = 1): string {
  const cells = rows.map((row) => row.map((cell) => terminalText(cell)));
  const widths = cells[0]!.map((_, col) => Math.max(...cells.map((row) => [...(row[col] ?? '')].length)));
  const pad = (cell: string, col: number) => {
    const gap = ' '.repeat(Math.max(0, widths[col]! - [...cell].length));
    return col < alignLeft ? cell + gap : gap + cell;
  };
  const line = (row: string[]) => row.map(pad).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}
