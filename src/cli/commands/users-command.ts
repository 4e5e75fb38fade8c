import { Argument, type Command, Option } from 'commander';
import { ROLES, type Role } from '../../core/access/roles.ts';
import { dbOption, orgOption } from '../cli-options.ts';
import type { AddOptions } from './users-action.ts';

const roleOption = () => new Option('--role <role>', 'owner, admin, manager, rep or viewer').choices(ROLES);
const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('the people of an organisation and their roles');

  users
    .command('add')
    .description('add a person to the organisation with a role (made when the e-mail has no account yet)')
    .argument('<email>', 'the e-mail they sign in with')
    .addOption(roleOption().makeOptionMandatory())
    .addOption(dbOption())
    .addOption(orgOption())
    .option('--team <name>', "a team the manager manages (reps.csv's team; repeat for several)", collect)
    .option('--rep <id>', "the rep record a rep is (reps.csv's id; default: the one with their e-mail)")
    .option('--name <name>', 'their name (default: the part of the e-mail before @)')
    .option('--password-stdin', 'read their password from standard input (else they have none yet)')
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (email: string, options: AddOptions) =>
      (await import('./users-action.ts')).addUser(email, options),
    );

  users
    .command('list')
    .description("list the organisation's members")
    .addOption(dbOption())
    .addOption(orgOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: { db?: string; org?: string }) =>
      (await import('./users-action.ts')).listUsers(options),
    );

  users
    .command('remove')
    .description('remove a person from the organisation (their account stays)')
    .argument('<email>')
    .addOption(dbOption())
    .addOption(orgOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (email: string, options: { db?: string; org?: string }) =>
      (await import('./users-action.ts')).removeUser(email, options),
    );

  users
    .command('role')
    .description("change a member's role (and their teams or rep record)")
    .argument('<email>')
    .addArgument(new Argument('<role>', 'owner, admin, manager, rep or viewer').choices(ROLES))
    .addOption(dbOption())
    .addOption(orgOption())
    .option('--team <name>', 'a team the manager manages (repeat for several; replaces their teams)', collect)
    .option('--rep <id>', 'the rep record a rep is')
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(
      async (
        email: string,
        role: Role,
        options: { db?: string; org?: string; team?: string[]; rep?: string },
      ) => (await import('./users-action.ts')).changeRole(email, role, options),
    );
}
