import type { Command } from 'commander';

/** The backup command's definition: its work loads on demand, so `udn --help` stays quick. */
export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('copy the SQLite database to FILE while it is in use (PostgreSQL: see docs/deploy.md)')
    .argument('<file>', 'the backup file to write (replaced if it exists)')
    .option('--db <target>', 'SQLite file path (default: env UDN_DB, else ./data/udn.sqlite)')
    .action(async (file: string, options: { db?: string }) => {
      const { runBackup } = await import('./backup-action.ts');
      await runBackup(file, options);
    });
}
