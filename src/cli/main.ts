import fs from 'node:fs';
import { Command } from 'commander';
import { registerAlertsCommand } from './commands/alerts-command.ts';
import { registerBackupCommand } from './commands/backup-command.ts';
import { registerDemoCommand } from './commands/demo-command.ts';
import { registerDigestCommand } from './commands/digest-command.ts';
import { registerExportCommand } from './commands/export-command.ts';
import { registerGoalsCommand } from './commands/goals-command.ts';
import { registerImportCommand } from './commands/import-command.ts';
import { registerKpiCommand } from './commands/kpi-command.ts';
import { registerMigrateCommand } from './commands/migrate-command.ts';
import { registerNotifyCommand } from './commands/notify-command.ts';
import { registerOrgsCommand } from './commands/orgs-command.ts';
import { registerResetCommand } from './commands/reset-command.ts';
import { registerRestoreCommand } from './commands/restore-command.ts';
import { registerServeCommand } from './commands/serve-command.ts';
import { registerSourcesCommand } from './commands/sources-command.ts';
import { registerTokensCommand } from './commands/tokens-command.ts';
import { registerUsersCommand } from './commands/users-command.ts';
import { stderr, stdout } from './output.ts';

// Read, not imported: the same path from src/cli (tsx, tests) and from dist/cli (the package).
const { version } = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// Each register…Command only defines its command; the action imports the code that does the work,
// so `udn --version` or `udn kpi` load none of the other commands' modules (CONTRIBUTING.md).
const program = new Command()
  .name('udn')
  .version(version, '-V, --version', 'print the version of udn')
  .description('UDN: sales KPIs, goals and live dashboards')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: false })
  // Commander's help and usage errors quote what was typed: they go through the same writer.
  .configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text) });

registerImportCommand(program);
registerSourcesCommand(program);
registerKpiCommand(program);
registerExportCommand(program);
registerGoalsCommand(program);
registerAlertsCommand(program);
registerDigestCommand(program);
registerDemoCommand(program);
registerServeCommand(program);
registerResetCommand(program);
registerTokensCommand(program);
registerOrgsCommand(program);
registerUsersCommand(program);
registerNotifyCommand(program);
registerMigrateCommand(program);
registerBackupCommand(program);
registerRestoreCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  stderr.write(`udn: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
