import type { Kysely } from 'kysely';
import { keysetPages } from './keyset-pages.ts';
import type { Database } from './schema.ts';

/**
 * Deals of this import whose account or lead exists neither stored nor in the import: one anti-join
 * after a first load of deals instead of a look-up per row. Pages in line order.
 */
export async function* missingDealReferences(
  db: Kysely<Database>,
  orgId: number,
  importId: number,
  column: 'account_id' | 'lead_id',
  pageSize = 10_000,
): AsyncGenerator<{ source_line: number; id: string }[]> {
  // Both tables are keyed (org_id, id); typed as one of them for the builder.
  const target = (column === 'account_id' ? 'accounts' : 'leads') as 'leads';
  const pages = keysetPages(
    0,
    (row: { source_line: number; id: string | null }) => row.source_line,
    (afterLine) =>
      db
        .selectFrom('deals as d')
        .select(['d.source_line', `d.${column} as id`])
        .where('d.org_id', '=', orgId)
        .where('d.import_id', '=', importId)
        .where(`d.${column}`, 'is not', null)
        .where('d.source_line', '>', afterLine)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom(`${target} as t`)
                .select('t.id')
                .whereRef('t.org_id', '=', 'd.org_id')
                .whereRef('t.id', '=', `d.${column}`),
            ),
          ),
        )
        .orderBy('d.source_line')
        .limit(pageSize)
        .execute(),
  );
  for await (const page of pages)
    yield page.map((row) => ({ source_line: row.source_line, id: String(row.id) }));
}
