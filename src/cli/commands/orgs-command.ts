import type { Command } from 'commander';
import { dbOption } from '../cli-options.ts';

export function registerOrgsCommand(program: Command): void {
  const orgs = program.command('orgs').description('the organisations of this server');

  orgs
    .command('add')
    .description('create an organisation (empty: import its files with "udn import DIR --org SLUG")')
    .argument('<slug>', 'how people and the CLI name it: lower-case letters, digits and dashes')
    .addOption(dbOption())
    .option('--name <name>', 'its display name (default: the slug)')
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (slug: string, options: { db?: string; name?: string }) =>
      (await import('./orgs-action.ts')).addOrgCommand(slug, options),
    );

  orgs
    .command('list')
    .description('list the organisations: slug, name, members')
    .addOption(dbOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: { db?: string }) => (await import('./orgs-action.ts')).listOrgsCommand(options));
}
