import type { TableExportKind } from '../contracts/exports.ts';
import { formatScope, type Scope } from '../scope.ts';

/** A piece of a file name: letters, digits, dots, underscores and dashes only, so every system and header takes it. */
export const fileNamePart = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

export interface FileNameInput {
  kind: TableExportKind;
  extension: string;
  /** The metric of a drill-down. */
  metric?: string;
  /** The period as asked (`2026-12`) or its days (`2026-12-01_2026-12-31`). */
  period?: string;
  /** Named only when it is not the whole organisation. */
  scope?: Scope;
}

/** `udn-kpis-2026-12.xlsx`, `udn-drilldown-revenue-2026-Q1-team-Jakarta.csv`, `udn-goals.csv`. */
export function exportFileName(input: FileNameInput): string {
  const parts = ['udn', input.kind];
  if (input.metric) parts.push(input.metric);
  if (input.period) parts.push(input.period);
  if (input.scope && input.scope.kind !== 'org') parts.push(formatScope(input.scope));
  const name = parts
    .map(fileNamePart)
    .filter((part) => part !== '')
    .join('-');
  return `${name}.${input.extension}`;
}

/** The period part of a file name: the name asked for, else its first and last day. */
export const periodPart = (
  asked: { period?: string | undefined; asof?: string | undefined },
  range: { from: string; to: string },
): string => (asked.period && !asked.asof ? asked.period : `${range.from}_${range.to}`);
