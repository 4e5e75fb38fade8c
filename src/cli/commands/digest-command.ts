import { type Command, Option } from 'commander';
import { dbOption, orgOption } from '../cli-options.ts';
import type { DigestListOptions, DigestSendOptions } from './digest-action.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerDigestCommand(program: Command): void {
  const digest = program
    .command('digest')
    .description('e-mail digests of a dashboard or "My week" (scheduled ones are sent by `udn serve`)');

  digest
    .command('send')
    .description('build and send a digest now through UDN_SMTP_URL (each address gets what it may see)')
    .argument('<dashboard>', 'a dashboard id, or my-week for each recipient\'s own "My week"')
    .requiredOption('--to <email>', 'a recipient (repeat for more)', collect)
    .option(
      '--period <period>',
      'the period, e.g. 2026-W48 or 2026-11 (default: the last whole period of --frequency)',
    )
    .addOption(
      new Option('--frequency <frequency>', 'what the digest is (its subject, its default period)')
        .choices(['daily', 'weekly', 'monthly'])
        .default('weekly'),
    )
    .option('--as <email>', 'build every copy as this member sees it (default: each recipient’s own view)')
    .option('--pdf', 'attach the dashboard as a PDF')
    .addOption(orgOption())
    .addOption(dbOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (dashboard: string, options: DigestSendOptions) =>
      (await import('./digest-action.ts')).sendDigestCommand(dashboard, options),
    );

  digest
    .command('list')
    .description("the organisation's scheduled digests: schedule, recipients, last outcome, next send")
    .option(
      '--json',
      'print JSON: {digests: [{id, name, frequency, day, localTime, nextSendAt, lastStatus, …}]}',
    )
    .addOption(orgOption())
    .addOption(dbOption())
    .action(async (options: DigestListOptions) =>
      (await import('./digest-action.ts')).listDigestsCommand(options),
    );
}
