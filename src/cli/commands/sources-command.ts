import type { Command } from 'commander';
import { dbOption, orgOption } from '../cli-options.ts';
import type { SourceAddOptions, SourceOrgOptions } from './sources-action.ts';

export function registerSourcesCommand(program: Command): void {
  const sources = program
    .command('sources')
    .description('scheduled pulls: URLs or server folders imported on a cron schedule by `udn serve`');

  sources
    .command('list')
    .description("the organisation's sources: kind, schedule, last run, status, next run")
    .option('--json', 'print JSON: {sources: [{id, name, kind, schedule, lastStatus, nextRunAt, …}]}')
    .addOption(orgOption())
    .addOption(dbOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: SourceOrgOptions & { json?: boolean }) =>
      (await import('./sources-action.ts')).listSourcesCommand(options),
    );

  sources
    .command('add')
    .description('add a source (checked now: the URL, the folder, the mapping and the schedule)')
    .argument('<name>', 'what the source is called (its imports show as source:NAME)')
    .option(
      '--url <url>',
      'an http(s) URL of a CSV or XLSX file (a published Google Sheet, a nightly export)',
    )
    .option('--folder <dir>', 'a folder on this server under a directory UDN_SOURCE_FOLDERS allows')
    .option(
      '--header <header>',
      'a request header sent with the URL\'s request, "Name: value" (stored encrypted)',
    )
    .option(
      '--mapping <name-or-file>',
      'a saved mapping name, or a mapping JSON file (default: files recognised by header)',
    )
    .option(
      '--snapshot <tables>',
      'comma-separated tables the files are full snapshots of (absent rows removed)',
    )
    .requiredOption('--schedule <cron>', 'cron schedule in the organisation\'s time zone, e.g. "0 6 * * 1-5"')
    .option('--disabled', 'add it without scheduling it')
    .addOption(orgOption())
    .addOption(dbOption())
    .action(async (name: string, options: SourceAddOptions) =>
      (await import('./sources-action.ts')).addSourceCommand(name, options),
    );

  sources
    .command('run')
    .description('pull a source now in this process and import it (prints the result like `udn import`)')
    .argument('<name>', 'the source (udn sources list)')
    .addOption(orgOption())
    .addOption(dbOption())
    .action(async (name: string, options: SourceOrgOptions) =>
      (await import('./sources-action.ts')).runSourceCommand(name, options),
    );

  sources
    .command('remove')
    .description('remove a source and its run log (its imports stay in the history)')
    .argument('<name>', 'the source (udn sources list)')
    .addOption(orgOption())
    .addOption(dbOption())
    .action(async (name: string, options: SourceOrgOptions) =>
      (await import('./sources-action.ts')).removeSourceCommand(name, options),
    );
}
