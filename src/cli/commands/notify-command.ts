import type { Command } from 'commander';
import { dbOption } from '../cli-options.ts';
import type { NotifyTestOptions } from './notify-action.ts';

export function registerNotifyCommand(program: Command): void {
  const notify = program
    .command('notify')
    .description('notification channels: e-mail, Slack, Teams, Google Chat');

  notify
    .command('test')
    .description(
      'send a test message: to an e-mail address through UDN_SMTP_URL (else the SMTP server saved on the settings page), or to a Slack, Teams or Google Chat incoming-webhook URL; exit 1 with the error when it fails',
    )
    .argument('<target>', 'an e-mail address or an incoming-webhook URL')
    .addOption(dbOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (target: string, options: NotifyTestOptions) =>
      (await import('./notify-action.ts')).notifyTestCommand(target, options),
    );
}
