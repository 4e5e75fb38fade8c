import type { Command } from 'commander';
import { TOKEN_SCOPES } from '../../core/access/roles.ts';
import { dbOption } from '../cli-options.ts';
import type { OrgOptions } from './tokens-action.ts';

export function registerTokensCommand(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('personal access tokens: create one for a person, list them, revoke one');

  tokens
    .command('create')
    .description('create a token for a member (printed once, alone on the last line of standard output)')
    .argument('<email>', "the person's e-mail address; they must be a member of the organisation")
    .requiredOption('--scope <scope>', `what it may do: ${TOKEN_SCOPES.join(', ')} (never above the role)`)
    .option('--name <name>', 'what the token is for', 'created on the command line')
    .option('--org <slug>', 'the organisation (default: the only one)')
    .option('--expires-days <days>', 'days until it expires, 1–3650 (default: never)')
    .addOption(dbOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(
      async (email: string, options: OrgOptions & { scope: string; name: string; expiresDays?: string }) =>
        (await import('./tokens-action.ts')).createToken(email, options),
    );

  tokens
    .command('list')
    .description("the organisation's tokens (never their secrets)")
    .option('--org <slug>', 'the organisation (default: the only one)')
    .option('--json', 'print JSON: {tokens: [{id, name, scope, prefix, …}]}')
    .addOption(dbOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: OrgOptions & { json?: boolean }) =>
      (await import('./tokens-action.ts')).listTokensCommand(options),
    );

  tokens
    .command('revoke')
    .description('revoke a token at once (its next request is refused)')
    .argument('<id>', 'the token id (udn tokens list)')
    .option('--org <slug>', 'the organisation (default: the only one)')
    .addOption(dbOption())
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (id: string, options: OrgOptions) =>
      (await import('./tokens-action.ts')).revokeTokenCommand(id, options),
    );
}
