/**
 * What `udn export dashboard` takes. Its own file: the definition (export-command.ts) lazily loads
 * the action, and the action names this type — in either file it would make an import cycle.
 */
export interface ExportDashboardOptions {
  format: 'pdf' | 'png';
  out: string;
  period?: string;
  scope?: string;
  paper?: 'a4' | 'letter';
  widget?: string;
  db?: string;
  org?: string;
}
