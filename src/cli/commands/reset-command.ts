import type { Command } from 'commander';
import { dbOption, orgOption } from '../cli-options.ts';

export function registerResetCommand(program: Command): void {
  program
    .command('reset')
    .description("delete all of the organisation's data (the demo, or imported data) to start again")
    .addOption(dbOption())
    .addOption(orgOption())
    .option('--yes', 'really delete (without it, only shows what would be deleted)')
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: { db?: string; org?: string; yes?: boolean }) =>
      (await import('./reset-action.ts')).resetCommand(options),
    );
}
