// On its own, importing nothing: `udn import`'s definition lists these choices without loading the
// importer (CONTRIBUTING.md, "light definition, lazy action").

/** Encodings an import file may be declared in (docs/import.md). */
export const IMPORT_ENCODINGS = ['utf-8', 'latin1', 'utf-16'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];
