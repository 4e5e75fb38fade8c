import type { Command } from 'commander';

/** The restore command's definition: its work loads on demand, so `udn --help` stays quick. */
export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description(
      'replace the SQLite database with a backup made by "udn backup" (stop the server first; the old file is kept as <db>.before-restore)',
    )
    .argument('<file>', 'the backup file to restore')
    .option('--db <target>', 'SQLite file path (default: env UDN_DB, else ./data/udn.sqlite)')
    .action(async (file: string, options: { db?: string }) => {
      const { runRestore } = await import('./restore-action.ts');
      await runRestore(file, options);
    });
}
