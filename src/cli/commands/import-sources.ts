import fs from 'node:fs';
import path from 'node:path';
import { type Mapping, mappingSchema, type PresetVendor } from '../../core/contracts/mapping.ts';
import { terminalText } from '../../core/terminal-text.ts';
import type { Store } from '../../db/database.ts';
import { findSavedMapping } from '../../db/import-mappings-repo.ts';
import { findDefaultOrg, findOrgBySlug } from '../../db/org-repo.ts';
import type { ImportEncoding } from '../../importer/import-encodings.ts';
import { fileOnDisk, type ImportFile } from '../../importer/import-source.ts';
import { prepareSources, type SourceInput } from '../../services/imports/prepare-sources.ts';
import { CliError } from '../cli-error.ts';
import { stdout } from '../output.ts';

/** How `udn import` finds and reads its sources. */
export interface SourceOptions {
  encoding?: ImportEncoding;
  /** A JSON mapping file or the name of a saved mapping. */
  mapping?: string;
  preset?: PresetVendor;
}

/** What a directory may hold besides import files (notes, exports' read-me files): left alone. */
const SOURCE_NAME_RE = /\.(csv|xlsx|json|txt)$/i;

/** A path given on the command line, checked before anything is read: a typo creates nothing. */
function checkedPath(given: string): { full: string; isDirectory: boolean } {
  const full = path.resolve(given);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) throw new CliError(`import path ${full} does not exist`);
  try {
    fs.accessSync(full, fs.constants.R_OK | (stat.isDirectory() ? fs.constants.X_OK : 0));
  } catch {
    throw new CliError(`${full} cannot be read (permission denied)`);
  }
  return { full, isDirectory: stat.isDirectory() };
}

/**
 * The files of the paths: a directory's files (those that may be import files; others are warned
 * of). Read before the store is opened: a typo creates nothing.
 */
export function inputsOf(paths: readonly string[], options: SourceOptions): SourceInput[] {
  const inputs: ImportFile[] = [];
  for (const given of paths) {
    const { full, isDirectory } = checkedPath(given);
    if (!isDirectory) {
      inputs.push(fileOnDisk(path.basename(full), full, undefined, options.encoding));
      continue;
    }
    for (const name of fs.readdirSync(full).sort()) {
      const file = path.join(full, name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile() || name.startsWith('.')) continue;
      if (!SOURCE_NAME_RE.test(name) || /\.txt$/i.test(name)) {
        stdout.write(`warning: ${terminalText(name)}: not an import file, ignored\n`);
        continue;
      }
      inputs.push(fileOnDisk(name, file, stat.size, options.encoding));
    }
  }
  return inputs;
}

/**
 * `--mapping FILE`: a JSON mapping file, checked against the schema (errors name the file and the
 * JSON path); `--mapping NAME`: a mapping saved for the organisation.
 */
async function mappingOf(store: Store, given: string, orgSlug: string | undefined): Promise<Mapping> {
  const asFile = path.resolve(given);
  if (fs.existsSync(asFile) || given.toLowerCase().endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(asFile, 'utf8'));
    } catch (error) {
      throw new CliError(`--mapping ${given}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = mappingSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${given}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
      );
      throw new CliError(`not a UDN mapping:\n${problems.join('\n')}`);
    }
    return parsed.data;
  }
  const org = orgSlug !== undefined ? await findOrgBySlug(store.db, orgSlug) : await findDefaultOrg(store.db);
  const saved = org ? await findSavedMapping(store.db, org.id, given) : undefined;
  if (!saved) throw new CliError(`--mapping ${given}: no such file, and no mapping saved under that name`);
  return saved;
}

/**
 * The import's files, each recognised by its header; what was recognised is printed, and a file
 * recognised as nothing stops the import before it starts, naming the file and its header.
 */
export async function importSources(
  store: Store,
  inputs: readonly SourceInput[],
  options: SourceOptions,
  orgSlug: string | undefined,
): Promise<ImportFile[]> {
  const mapping =
    options.mapping === undefined ? undefined : await mappingOf(store, options.mapping, orgSlug);
  const prepared = await prepareSources(inputs, {
    ...(mapping ? { mapping } : {}),
    ...(options.preset ? { preset: options.preset } : {}),
  });
  if (prepared.unknown.length > 0)
    throw new CliError(prepared.unknown.map((message) => terminalText(message)).join('\n'));
  for (const { source, recognition } of prepared.recognised) {
    if (recognition.kind === 'preset') {
      stdout.write(
        `${terminalText(source)}: ${terminalText(recognition.label)} → ${recognition.mapping.table}\n`,
      );
    } else if (
      recognition.kind === 'udn' &&
      !inputs.some((f) => f.name === `${recognition.table}.csv` && f.name === source)
    ) {
      stdout.write(`${terminalText(source)}: UDN ${recognition.table} file\n`);
    }
  }
  return prepared.files;
}
