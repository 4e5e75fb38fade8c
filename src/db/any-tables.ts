/**
 * A database type that lets any table and column be named, for statements over a table chosen at
 * run time (bulk writes, a rebuild of the rollup, an organisation's reset): `db.withTables<AnyTables>()`
 * is the same connection with these types; the queries it builds are the same.
 */
export type AnyTables = Record<string, Record<string, string | number | null>>;
