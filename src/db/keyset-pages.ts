/**
 * Reads rows a page at a time in key order (each page asked for "after the last key seen"), so a
 * million rows never sit in memory at once and no page is read twice.
 */
export async function* keysetPages<Row, Key>(
  first: Key,
  keyOf: (row: Row) => Key,
  page: (after: Key) => Promise<Row[]>,
): AsyncGenerator<Row[]> {
  let after = first;
  while (true) {
    const rows = await page(after);
    if (rows.length === 0) return;
    yield rows;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/**
 * Runs `change` over ids in chunks, reading the affected rows before and after each chunk: what a
 * rollup needs to move the rows' contribution from their old state to the new one.
 */
export async function readAroundChange<Row>(
  ids: readonly string[],
  chunkSize: number,
  read: (chunk: string[]) => Promise<Row[]>,
  change: (chunk: string[]) => Promise<unknown>,
): Promise<{ before: Row[]; after: Row[] }> {
  const before: Row[] = [];
  const after: Row[] = [];
  for (let i = 0; i < ids.length; i += chunkSize) {
    const chunk = ids.slice(i, i + chunkSize);
    before.push(...(await read(chunk)));
    await change(chunk);
    after.push(...(await read(chunk)));
  }
  return { before, after };
}
