import type { Command } from 'commander';
import { dbOption, withStore } from '../cli-store.ts';
import { stdout } from '../output.ts';
import { importOrgSlug, orgOption } from '../require-org.ts';
import { printImportResult } from './import-command.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('create a realistic demo organisation (two years of sales data) in the database')
    .addOption(dbOption())
    .addOption(orgOption())
    .option('--seed <n>', 'random seed: the same seed gives the same organisation', '42')
    .option('--today <date>', 'last day of the generated history (YYYY-MM-DD; default today)')
    .action(async (options: { db?: string; org?: string; seed: string; today?: string }) => {
      const seed = Number(options.seed);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, not "${options.seed}"`);
      // Loaded on demand: the generator is only needed by this command.
      const { loadDemo } = await import('../../services/demo-data.ts');
      const { addDemoPeople } = await import('../../services/access/demo-people.ts');
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
    });
}
