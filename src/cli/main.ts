import { Command } from 'commander';
import { registerDemoCommand } from './commands/demo-command.ts';
import { registerGoalsCommand } from './commands/goals-command.ts';
import { registerImportCommand } from './commands/import-command.ts';
import { registerKpiCommand } from './commands/kpi-command.ts';
import { registerResetCommand } from './commands/reset-command.ts';
import { registerServeCommand } from './commands/serve-command.ts';

const program = new Command()
  .name('udn')
  .description('UDN: sales KPIs, goals and live dashboards')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: false });

registerImportCommand(program);
registerKpiCommand(program);
registerGoalsCommand(program);
registerDemoCommand(program);
registerServeCommand(program);
registerResetCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`udn: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
