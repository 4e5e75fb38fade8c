/** dist/ holds what the sources compile to now (its stamp is newer than every input). */
export function distIsCurrent(root?: string): boolean;
/** Compiles src/ into a new folder and swaps it in as dist/. */
export function buildDist(root?: string): void;
