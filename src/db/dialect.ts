/** The SQL engines a store runs on; migrations and bulk statements differ by it. */
export type DialectName = 'sqlite' | 'postgres';
