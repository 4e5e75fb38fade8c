import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportFile } from '../../services/exports/table-file.ts';
import { CliError } from '../cli-error.ts';
import { stdout } from '../output.ts';

/** Writes an export where `--out` says (creating its folder), and says what it wrote. */
export async function writeExportFile(file: ExportFile, out: string, rows: number): Promise<void> {
  const target = path.resolve(out);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.body);
  } catch (error) {
    throw new CliError(
      `--out: cannot write ${target}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  stdout.write(`wrote ${rows} row${rows === 1 ? '' : 's'} to ${target}\n`);
}
