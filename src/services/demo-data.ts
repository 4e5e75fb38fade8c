import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../db/database.ts';
import { writeDemoFiles } from '../demo/generate-demo.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { type ImportResult, runImport } from '../importer/run-import.ts';

/**
 * Generates the demo organisation as ordinary import files and imports them, so the demo goes
 * through every rule a customer's files do.
 */
export async function loadDemo(
  store: Store,
  options: { seed: number; today?: string },
): Promise<ImportResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-demo-'));
  try {
    await writeDemoFiles(dir, options);
    return await runImport(store, filesInDirectory(dir).files, { source: 'demo' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
