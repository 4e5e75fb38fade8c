import type { Command } from 'commander';
import { dbOption, orgOption } from '../cli-options.ts';
import type { DemoOptions } from './demo-action.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('create a realistic demo organisation (two years of sales data) in the database')
    .addOption(dbOption())
    .addOption(orgOption())
    .option('--seed <n>', 'random seed: the same seed gives the same organisation', '42')
    .option('--today <date>', 'last day of the generated history (YYYY-MM-DD; default today)')
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: DemoOptions) => (await import('./demo-action.ts')).runDemo(options));
}
