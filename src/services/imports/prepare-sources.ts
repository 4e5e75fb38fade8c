import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Mapping, Preset, PresetVendor, Recognition } from '../../core/contracts/mapping.ts';
import { FILE_SPECS } from '../../importer/file-specs.ts';
import type { ImportEncoding } from '../../importer/import-encodings.ts';
import { fileOnDisk, type ImportFile, ORG_FILE } from '../../importer/import-source.ts';
import { readSourceHeader, sheetsOf } from '../../importer/mapping/read-header.ts';
import { identityMapping, recognizeHeader } from '../../importer/mapping/recognize.ts';
import { isWorkbookFile } from '../../importer/mapping/source-records.ts';
import { PRESETS } from '../../importer/presets/presets.ts';
import { quoteCell } from '../../importer/quote-cell.ts';

/** A file offered to an import: from the command line, an upload, a scheduled source. */
export interface SourceInput {
  name: string;
  size: number;
  /** A file or, from the command line, a directory whose files are all offered. */
  path?: string;
  encoding?: ImportEncoding;
  open(): Readable;
}

export interface PrepareOptions {
  /** The mapping of every file that is not UDN's own (`udn import --mapping`). */
  mapping?: Mapping;
  /** Only this vendor's presets are tried (`udn import --preset hubspot`). */
  preset?: PresetVendor;
  /** A mapping per file name (the upload form, a scheduled source): used as given. */
  mappingsByFile?: Record<string, Mapping>;
}

export interface PreparedSources {
  files: ImportFile[];
  /** What each source (a file, or a workbook's sheet: `book.xlsx [Deals]`) was read as. */
  recognised: { source: string; recognition: Recognition }[];
  /** One message per file recognised as nothing, naming it and its header. */
  unknown: string[];
}

const MAX_HEADER_SHOWN = 12;

function describeHeader(header: readonly string[] | null): string {
  if (header === null || header.length === 0) return 'it is empty';
  const shown = header.slice(0, MAX_HEADER_SHOWN).map((cell) => quoteCell(cell.trim(), 40));
  const more = header.length > MAX_HEADER_SHOWN ? `, … (${header.length} columns)` : '';
  return `its header is ${shown.join(', ')}${more}`;
}

/** Inputs with each directory replaced by the files in it (sorted by name: the order is stable). */
function expandDirectories(inputs: readonly SourceInput[]): SourceInput[] {
  return inputs.flatMap((input) => {
    if (input.path === undefined || !fs.statSync(input.path, { throwIfNoEntry: false })?.isDirectory())
      return [input];
    const dir = input.path;
    return fs
      .readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const full = path.join(dir, name);
        const stat = fs.statSync(full, { throwIfNoEntry: false });
        return stat?.isFile() && !name.startsWith('.')
          ? [fileOnDisk(name, full, stat.size, input.encoding)]
          : [];
      });
  });
}

const asFile = (input: SourceInput, extra: Partial<ImportFile> = {}): ImportFile => ({
  name: input.name,
  size: input.size,
  ...(input.path !== undefined ? { path: input.path } : {}),
  ...(input.encoding !== undefined ? { encoding: input.encoding } : {}),
  open: () => input.open(),
  ...extra,
});

/**
 * Decides what each offered file is — UDN's own file, a CRM export a preset knows, or a source
 * the caller mapped — from its header, whatever its name. The one place the CLI, the upload route
 * and scheduled sources recognise files, so they all read a file the same way.
 */
export async function prepareSources(
  inputs: readonly SourceInput[],
  options: PrepareOptions = {},
): Promise<PreparedSources> {
  const presets = options.preset ? PRESETS.filter((p) => p.vendor === options.preset) : PRESETS;
  const prepared: PreparedSources = { files: [], recognised: [], unknown: [] };
  for (const input of expandDirectories(inputs)) {
    if (input.name === ORG_FILE) {
      prepared.files.push(asFile(input));
      continue;
    }
    const given = options.mappingsByFile?.[input.name];
    if (isWorkbookFile(input.name, input.path)) {
      await prepareWorkbook(input, given ?? options.mapping, presets, prepared);
      continue;
    }
    const header = await readSourceHeader(input);
    const recognition = recognizeHeader(input.name, header ?? [], presets);
    if (given) {
      prepared.files.push(asFile(input, { mapping: given }));
      prepared.recognised.push({ source: input.name, recognition: givenRecognition(given, recognition) });
    } else if (recognition.kind === 'udn') {
      const named = FILE_SPECS.some((spec) => spec.file === input.name && spec.table === recognition.table);
      prepared.files.push(asFile(input, named ? {} : { table: recognition.table }));
      prepared.recognised.push({ source: input.name, recognition });
    } else if (options.mapping) {
      prepared.files.push(asFile(input, { mapping: options.mapping }));
      prepared.recognised.push({
        source: input.name,
        recognition: givenRecognition(options.mapping, recognition),
      });
    } else if (recognition.kind === 'preset') {
      prepared.files.push(asFile(input, { mapping: recognition.mapping }));
      prepared.recognised.push({ source: input.name, recognition });
    } else {
      prepared.unknown.push(
        `${input.name}: neither a UDN file nor an export UDN knows (${describeHeader(header)}): give a mapping`,
      );
    }
  }
  return prepared;
}

/** A caller's mapping wins over recognition; the history still says which preset it came from. */
function givenRecognition(mapping: Mapping, found: Recognition): Recognition {
  return {
    kind: 'preset',
    preset: mapping.preset ?? (found.kind === 'preset' ? found.preset : 'custom'),
    label: mapping.name ?? (found.kind === 'preset' ? found.label : `mapping onto ${mapping.table}`),
    mapping,
    ...(found.kind === 'preset' && found.cannot !== undefined ? { cannot: found.cannot } : {}),
  };
}

/**
 * A workbook: the sheet a mapping names, or every sheet recognised by its header (a workbook kept
 * by sales ops often holds one table per sheet). A sheet laid out as UDN's file reads through a
 * mapping of each column to itself.
 */
async function prepareWorkbook(
  input: SourceInput,
  mapping: Mapping | undefined,
  presets: readonly Preset[],
  prepared: PreparedSources,
): Promise<void> {
  if (mapping) {
    prepared.files.push(asFile(input, { mapping }));
    const header = await readSourceHeader(input, mapping.sheet);
    prepared.recognised.push({
      source: mapping.sheet ? `${input.name} [${mapping.sheet}]` : input.name,
      recognition: givenRecognition(mapping, recognizeHeader(input.name, header ?? [], presets)),
    });
    return;
  }
  const sheets = await sheetsOf(input);
  const unknown: string[] = [];
  let found = 0;
  for (const sheet of sheets) {
    const header = await readSourceHeader(input, sheet);
    if (header === null) continue;
    const recognition = recognizeHeader(sheet, header, presets);
    const source = `${input.name} [${sheet}]`;
    if (recognition.kind === 'unknown') {
      unknown.push(`${source}: neither a UDN table nor an export UDN knows (${describeHeader(header)})`);
      continue;
    }
    const sheetMapping =
      recognition.kind === 'udn'
        ? identityMapping(recognition.table, header, sheet)
        : { ...recognition.mapping, sheet };
    prepared.files.push(asFile(input, { mapping: sheetMapping }));
    prepared.recognised.push({ source, recognition });
    found++;
  }
  // Sheets of notes or pivot tables beside recognised ones are left alone; a workbook of none is an error.
  if (found === 0) {
    prepared.unknown.push(
      unknown.length > 0
        ? `${unknown.join('; ')}: give a mapping`
        : `${input.name}: the workbook has no sheet with a header: give a mapping`,
    );
  }
}
