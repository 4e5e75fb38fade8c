import fs from 'node:fs';
import type { OrgDataCounts } from '../../core/contracts/imports.ts';
import { terminalText } from '../../core/terminal-text.ts';
import { isPostgresUrl, resolveDbTarget } from '../../db/database.ts';
import { orgDataSummary, resetOrg } from '../../services/org-reset.ts';
import { CliError } from '../cli-error.ts';
import { withStore } from '../cli-store.ts';
import { stdout } from '../output.ts';
import { requireOrg } from '../require-org.ts';

const LABELS: [keyof OrgDataCounts, string, string][] = [
  ['reps', 'rep', 'reps'],
  ['accounts', 'account', 'accounts'],
  ['leads', 'lead', 'leads'],
  ['deals', 'deal', 'deals'],
  ['emails', 'email', 'emails'],
  ['spend', 'spend row', 'spend rows'],
  ['targets', 'target', 'targets'],
  ['goals', 'goal', 'goals'],
  ['tasks', 'task', 'tasks'],
  ['dashboards', 'dashboard', 'dashboards'],
  ['imports', 'import in the history', 'imports in the history'],
];

/** "12 reps, 498 deals, …": what there is, leaving out what there is none of. */
export function describeCounts(counts: OrgDataCounts): string {
  const parts = LABELS.filter(([key]) => counts[key] > 0).map(
    ([key, one, many]) => `${counts[key].toLocaleString('en')} ${counts[key] === 1 ? one : many}`,
  );
  return parts.length ? parts.join(', ') : 'nothing';
}

export async function resetCommand(options: { db?: string; org?: string; yes?: boolean }): Promise<void> {
  const target = resolveDbTarget(options.db);
  if (!isPostgresUrl(target) && target !== ':memory:' && !fs.existsSync(target)) {
    throw new CliError(`no database at ${target}: nothing to delete`);
  }
  await withStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const summary = await orgDataSummary(store, org);
    const what = describeCounts(summary.counts);
    const kind = summary.demoOnly ? 'demo data' : 'data';
    if (!options.yes) {
      stdout.write(
        `${terminalText(org.name)} (${store.location}) holds ${what}.\n"udn reset --yes" deletes all of it and puts the organisation's settings back to the defaults; nothing was deleted.\n`,
      );
      process.exitCode = 1;
      return;
    }
    const result = await resetOrg(store, org.id);
    stdout.write(
      `deleted the ${kind} of ${terminalText(org.name)}: ${describeCounts(result.deleted)}; the organisation is empty, its settings the defaults (data version ${result.dataVersion})\n`,
    );
  });
}
