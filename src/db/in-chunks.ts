/** Long id lists are sent in slices, well under SQLite's and PostgreSQL's bound-parameter limits. */
export const ID_CHUNK = 500;

/** Runs `query` on slices of `ids` and concatenates the rows. */
export async function inChunks<T>(
  ids: readonly number[],
  query: (slice: number[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) out.push(...(await query(ids.slice(i, i + ID_CHUNK))));
  return out;
}
