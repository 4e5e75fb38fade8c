import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseIsoDate } from '../core/calendar-date.ts';
import { localEpochDay } from '../core/time-zone.ts';
import type { Store } from '../db/database.ts';
import { findOrg } from '../db/org-repo.ts';
import { writeDemoFiles } from '../demo/generate-demo.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import type { ImportResult } from '../importer/run-import.ts';
import { createDemoGoals } from './goals/demo-goals.ts';
import { importFiles } from './imports/import-files.ts';

/**
 * Generates the demo organisation as ordinary import files and imports them, so the demo goes
 * through every rule a customer's files do; then the quota goals follow the import, and a few
 * goals and tasks for the running quarter are added (once: not again on a second demo).
 */
export async function loadDemo(
  store: Store,
  options: { seed: number; today?: string; orgSlug?: string | undefined },
): Promise<ImportResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-demo-'));
  try {
    await writeDemoFiles(dir, options);
    const result = await importFiles(store, filesInDirectory(dir).files, {
      source: 'demo',
      ...(options.orgSlug ? { orgSlug: options.orgSlug } : {}),
    });
    const org = result.ok && result.orgId !== null ? await findOrg(store.db, result.orgId) : undefined;
    if (org) {
      const today = options.today ? parseIsoDate(options.today) : localEpochDay(Date.now(), org.timezone);
      if (today !== undefined) await createDemoGoals(store, org, today);
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
