import type { Command } from 'commander';
import { DomainError } from '../../core/errors.ts';
import { addOrg, listOrgsWithMembers } from '../../services/access/orgs.ts';
import { CliError } from '../cli-error.ts';
import { dbOption, withExistingStore, withStore } from '../cli-store.ts';
import { stdout } from '../output.ts';
import { textTable } from '../text-table.ts';

export function registerOrgsCommand(program: Command): void {
  const orgs = program.command('orgs').description('the organisations of this server');

  orgs
    .command('add')
    .description('create an organisation (empty: import its files with "udn import DIR --org SLUG")')
    .argument('<slug>', 'how people and the CLI name it: lower-case letters, digits and dashes')
    .addOption(dbOption())
    .option('--name <name>', 'its display name (default: the slug)')
    .action(async (slug: string, options: { db?: string; name?: string }) => {
      const org = await withStore(options.db, async (store) => {
        try {
          return await addOrg(store, slug, options.name);
        } catch (error) {
          if (error instanceof DomainError) throw new CliError(error.message);
          throw error;
        }
      });
      stdout.write(`created organisation ${org.slug} (${org.name})\n`);
    });

  orgs
    .command('list')
    .description('list the organisations: slug, name, members')
    .addOption(dbOption())
    .action(async (options: { db?: string }) => {
      const rows = await withExistingStore(options.db, (store) => listOrgsWithMembers(store));
      if (rows.length === 0) {
        stdout.write('no organisations yet: "udn orgs add SLUG", "udn import DIR" or "udn demo" makes one\n');
        return;
      }
      stdout.write(
        `${textTable(
          [
            ['Slug', 'Name', 'Members', 'Open leaderboard'],
            ...rows.map(({ org, members }) => [
              org.slug,
              org.name,
              String(members),
              org.open_leaderboard ? 'yes' : 'no',
            ]),
          ],
          2,
        )}\n`,
      );
    });
}
