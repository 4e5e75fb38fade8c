import type { ImportResult } from '../../core/contracts/imports.ts';
import { DomainError } from '../../core/errors.ts';

/**
 * The refusal of a snapshot that would remove more than half of a table (docs/adr/0020), as the
 * error the HTTP server answers 409 (`conflict`, `params.rule` `mass-delete`) and the CLI prints:
 * for the upload route and `udn import`, which ask for the confirmation. null when the result holds
 * no such refusal.
 */
export function massDeleteRefusal(result: ImportResult): DomainError | null {
  const refused = result.massDelete ?? [];
  if (refused.length === 0) return null;
  const what = refused.map((r) => `${r.removing} of the ${r.stored} stored rows of ${r.table}`).join(', ');
  return new DomainError(
    'conflict',
    `the snapshot would remove ${what} (more than half): nothing was written; confirm with --allow-mass-delete (CLI), allowMassDelete (API) or the confirmation in the import dialog`,
    {
      params: {
        rule: 'mass-delete',
        tables: refused.map((r) => r.table).join(','),
        stored: refused.reduce((sum, r) => sum + r.stored, 0),
        removing: refused.reduce((sum, r) => sum + r.removing, 0),
      },
    },
  );
}
