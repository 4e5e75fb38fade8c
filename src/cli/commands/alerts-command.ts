import type { Command } from 'commander';
import { dbOption, orgOption } from '../cli-options.ts';
import type { AlertsCheckOptions, AlertsListOptions } from './alerts-action.ts';

export function registerAlertsCommand(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('alert rules on KPIs, targets, rep activity and imports (docs/alerts.md)');

  alerts
    .command('list')
    .description('the alert rules: kind, scope, what is crossed now, when each last fired')
    .option('--json', 'print JSON: {rules: [{id, name, condition, scope, crossed, lastFiredAt, …}]}')
    .addOption(orgOption())
    .addOption(dbOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: AlertsListOptions) =>
      (await import('./alerts-action.ts')).listAlertsCommand(options),
    );

  alerts
    .command('check')
    .description(
      'evaluate every rule now and print what fires; it fires for real (logged, tasks made, people notified) unless --dry-run',
    )
    .option('--dry-run', 'print what would fire, writing and sending nothing')
    .option('--json', 'print JSON: {fired: [{ruleId, ruleName, subject, title, message, value, link, …}]}')
    .addOption(orgOption())
    .addOption(dbOption())
    .action(async (options: AlertsCheckOptions) =>
      (await import('./alerts-action.ts')).checkAlertsCommand(options),
    );
}
