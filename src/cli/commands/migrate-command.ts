import type { Command } from 'commander';

/** The migrate command's definition: its work loads on demand, so `udn --help` stays quick. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply the database migrations this version of UDN has and the database lacks')
    .option(
      '--db <target>',
      'SQLite file path or postgres:// URL (default: env UDN_DB, else ./data/udn.sqlite)',
    )
    .option('--status', 'list applied and pending migrations without changing anything')
    .action(async (options: { db?: string; status?: boolean }) => {
      const { runMigrate } = await import('./migrate-action.ts');
      await runMigrate(options);
    });
}
