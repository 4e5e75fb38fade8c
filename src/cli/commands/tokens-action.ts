import { cliPrincipal } from '../../core/access/principal.ts';
import type { TokenItem } from '../../core/contracts/access.ts';
import { DomainError } from '../../core/errors.ts';
import { terminalText } from '../../core/terminal-text.ts';
import type { Store } from '../../db/database.ts';
import { findMember } from '../../db/members-repo.ts';
import { findOrgBySlug, listOrgs, type OrgRecord } from '../../db/org-repo.ts';
import { findUserByEmail, normalEmail } from '../../db/users-repo.ts';
import { recordAudit } from '../../services/access/audit.ts';
import { issueToken, listTokens, revokeToken } from '../../services/access/token-management.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore } from '../cli-store.ts';
import { stderr, stdout, writeJson } from '../output.ts';
import { requireOrg } from '../require-org.ts';
import { textTable } from '../text-table.ts';

/** The organisation named by --org, else the only one (several without --org is an error that lists them). */
async function orgOf(store: Store, slug: string | undefined): Promise<OrgRecord> {
  if (slug !== undefined) {
    const org = await findOrgBySlug(store.db, slug);
    if (org) return org;
    const slugs = (await listOrgs(store.db)).map((o) => o.slug);
    throw new CliError(
      `no organisation "${slug}" in ${store.location}${slugs.length ? `: there are ${slugs.join(', ')}` : ''}`,
    );
  }
  const orgs = await listOrgs(store.db);
  if (orgs.length > 1) {
    throw new CliError(
      `${store.location} holds several organisations: say which with --org (${orgs.map((o) => o.slug).join(', ')})`,
    );
  }
  return requireOrg(store);
}

/** The service's field names, as the options of this command call them. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  name: '--name',
  scope: '--scope',
  expiresInDays: '--expires-days',
};

const asCliError = (error: unknown): unknown =>
  error instanceof DomainError && error.field !== undefined
    ? new CliError(`${OPTION_OF_FIELD[error.field] ?? error.field}: ${error.message}`)
    : error instanceof DomainError
      ? new CliError(error.message)
      : error;

const when = (iso: string | null, none: string) => (iso === null ? none : iso.slice(0, 16).replace('T', ' '));

const stateOf = (item: TokenItem, now = Date.now()) =>
  item.revokedAt !== null
    ? 'revoked'
    : item.expiresAt !== null && Date.parse(item.expiresAt) <= now
      ? 'expired'
      : 'active';

export interface OrgOptions {
  db?: string;
  org?: string;
}

export async function createToken(
  email: string,
  options: OrgOptions & { scope: string; name: string; expiresDays?: string },
): Promise<void> {
  await withExistingStore(options.db, async (store) => {
    const org = await orgOf(store, options.org);
    const user = await findUserByEmail(store.db, normalEmail(email));
    const member = user && (await findMember(store.db, org.id, user.id));
    if (!user || !member) {
      throw new CliError(`${email} is not a member of ${org.slug}: add them first with "udn users add"`);
    }
    const days = options.expiresDays === undefined ? null : Number(options.expiresDays);
    const { token, row } = await issueToken(store, {
      orgId: org.id,
      userId: user.id,
      role: member.role,
      callerScope: null,
      name: options.name,
      scope: options.scope,
      expiresInDays: days,
    }).catch((error: unknown) => {
      throw asCliError(error);
    });
    await recordAudit(store, {
      orgId: org.id,
      actor: cliPrincipal(org.id),
      ip: null,
      kind: 'token',
      action: 'created',
      subject: String(row.id),
      summary: `token "${row.name}" (${row.scope}, ${row.prefix}…) created for ${user.email} on the command line`,
      after: { name: row.name, scope: row.scope, prefix: row.prefix, expiresAt: row.expires_at },
    });
    stderr.write(
      `created token ${row.id} "${row.name}" (${row.scope}) for ${user.email} (${member.role}) in ${org.slug}, ${
        row.expires_at === null ? 'never expires' : `expires ${new Date(row.expires_at).toISOString()}`
      }.\nIt is shown this once: keep it now. Send it as "Authorization: Bearer <token>".\n`,
    );
    stdout.write(`${token}\n`);
  });
}

export async function listTokensCommand(options: OrgOptions & { json?: boolean }): Promise<void> {
  await withExistingStore(options.db, async (store) => {
    const org = await orgOf(store, options.org);
    const items = await listTokens(store, org.id);
    if (options.json) {
      writeJson({ tokens: items.map((item) => ({ ...item, state: stateOf(item) })) });
      return;
    }
    if (items.length === 0) {
      stdout.write(
        `no tokens in ${terminalText(org.slug)}: create one with "udn tokens create EMAIL --scope read"\n`,
      );
      return;
    }
    const rows = items.map((item) => [
      String(item.id),
      item.name,
      `${item.prefix}…`,
      item.scope,
      item.userEmail ?? item.userId,
      when(item.lastUsedAt, 'never'),
      when(item.expiresAt, 'never'),
      stateOf(item),
    ]);
    stdout.write(
      `${textTable([['ID', 'Name', 'Prefix', 'Scope', 'Person', 'Last used', 'Expires', 'State'], ...rows], 8)}\n`,
    );
  });
}

export async function revokeTokenCommand(id: string, options: OrgOptions): Promise<void> {
  const tokenId = Number(id);
  if (!Number.isSafeInteger(tokenId) || tokenId <= 0)
    throw new CliError(`a token id is a number, not "${id}"`);
  await withExistingStore(options.db, async (store) => {
    const org = await orgOf(store, options.org);
    const { item, revokedNow } = await revokeToken(store, org.id, tokenId, null).catch((error: unknown) => {
      throw asCliError(error);
    });
    if (!revokedNow) {
      stdout.write(`token ${item.id} "${item.name}" was already revoked\n`);
      return;
    }
    await recordAudit(store, {
      orgId: org.id,
      actor: cliPrincipal(org.id),
      ip: null,
      kind: 'token',
      action: 'revoked',
      subject: String(item.id),
      summary: `token "${item.name}" (${item.scope}, ${item.prefix}…) of ${item.userEmail ?? item.userId} revoked on the command line`,
    });
    stdout.write(
      `revoked token ${item.id} "${item.name}" (${item.prefix}…) of ${item.userEmail ?? item.userId}\n`,
    );
  });
}
