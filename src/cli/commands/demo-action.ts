import { addDemoPeople } from '../../services/access/demo-people.ts';
import { loadDemo } from '../../services/demo-data.ts';
import { withStore } from '../cli-store.ts';
import { stdout } from '../output.ts';
import { importOrgSlug } from '../require-org.ts';
import { printImportResult } from './import-action.ts';

export interface DemoOptions {
  db?: string;
  org?: string;
  seed: string;
  today?: string;
}

/** `udn demo`: the generated organisation imported, and its demo people. */
export async function runDemo(options: DemoOptions): Promise<void> {
  const seed = Number(options.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, not "${options.seed}"`);
  const { result, people } = await withStore(options.db, async (store) => {
    const orgSlug = await importOrgSlug(store, options.org);
    const result = await loadDemo(store, {
      seed,
      orgSlug,
      ...(options.today ? { today: options.today } : {}),
    });
    const people = result.ok && result.orgId !== null ? await addDemoPeople(store, result.orgId) : [];
    return { result, people };
  });
  printImportResult(result);
  if (people.length > 0) {
    stdout.write(
      `demo people (no password: an owner looks through their eyes with "view as"): ${people.map((p) => `${p.email} (${p.role})`).join(', ')}\n`,
    );
  }
  if (!result.ok) process.exitCode = 1;
}
