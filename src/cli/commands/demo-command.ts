import type { Command } from 'commander';
import { dbOption, withStore } from '../cli-store.ts';
import { printImportResult } from './import-command.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('create a realistic demo organisation (two years of sales data) in the database')
    .addOption(dbOption())
    .option('--seed <n>', 'random seed: the same seed gives the same organisation', '42')
    .option('--today <date>', 'last day of the generated history (YYYY-MM-DD; default today)')
    .action(async (options: { db?: string; seed: string; today?: string }) => {
      const seed = Number(options.seed);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, not "${options.seed}"`);
      // Loaded on demand: the generator is only needed by this command.
      const { loadDemo } = await import('../../services/demo-data.ts');
      const result = await withStore(options.db, (store) =>
        loadDemo(store, { seed, ...(options.today ? { today: options.today } : {}) }),
      );
      printImportResult(result);
      if (!result.ok) process.exitCode = 1;
    });
}
