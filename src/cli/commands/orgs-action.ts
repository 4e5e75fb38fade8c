import { DomainError } from '../../core/errors.ts';
import { addOrg, listOrgsWithMembers } from '../../services/access/orgs.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore, withStore } from '../cli-store.ts';
import { stdout } from '../output.ts';
import { textTable } from '../text-table.ts';

export async function addOrgCommand(slug: string, options: { db?: string; name?: string }): Promise<void> {
  const org = await withStore(options.db, async (store) => {
    try {
      return await addOrg(store, slug, options.name);
    } catch (error) {
      if (error instanceof DomainError) throw new CliError(error.message);
      throw error;
    }
  });
  stdout.write(`created organisation ${org.slug} (${org.name})\n`);
}

export async function listOrgsCommand(options: { db?: string }): Promise<void> {
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
}
