import { MAX_SCOPE_OF_ROLE, type Role, TOKEN_SCOPES, type TokenScope } from '../../core/access/roles.ts';
import type { TokenItem } from '../../core/contracts/access.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { type ApiTokenRow, listApiTokens } from '../../db/api-tokens-repo.ts';
import { revokeCredential } from '../../db/credentials-repo.ts';
import type { Store } from '../../db/database.ts';
import { findUserById } from '../../db/users-repo.ts';
import { createApiToken } from './api-tokens.ts';
import { tokensChanged } from './principal-changes.ts';

const rank = (scope: TokenScope): number => TOKEN_SCOPES.indexOf(scope);

export const TOKEN_NAME_MAX = 100;
export const TOKEN_EXPIRY_MAX_DAYS = 3650;
const DAY_MS = 86_400_000;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const tokenItem = (row: ApiTokenRow, userEmail: string | null): TokenItem => ({
  id: row.id,
  name: row.name,
  // A scope the database holds but the code does not know reads as the narrowest (as principalOfToken does).
  scope: (TOKEN_SCOPES as readonly string[]).includes(row.scope) ? (row.scope as TokenScope) : 'read',
  prefix: row.prefix,
  createdAt: new Date(row.created_at).toISOString(),
  expiresAt: iso(row.expires_at),
  lastUsedAt: iso(row.last_used_at),
  revokedAt: iso(row.revoked_at),
  userId: row.user_id,
  userEmail,
});

export interface TokenRequest {
  orgId: number;
  /** The person the token acts as, and their role in the organisation. */
  userId: string;
  role: Role;
  /** When the request itself comes with a token: a token makes no token wider than itself. */
  callerScope: TokenScope | null;
  name: string;
  scope: string;
  /** null: never expires. */
  expiresInDays: number | null;
}

/** Checks a token request (naming the field at fault) and creates it; the secret is returned once. */
export async function issueToken(
  store: Store,
  request: TokenRequest,
  now = Date.now(),
): Promise<{ token: string; row: ApiTokenRow }> {
  const name = request.name.trim();
  if (name === '') throw invalid('name', 'give the token a name (what it is for)');
  if (name.length > TOKEN_NAME_MAX)
    throw invalid('name', `a token's name has at most ${TOKEN_NAME_MAX} characters`);
  if (!(TOKEN_SCOPES as readonly string[]).includes(request.scope)) {
    throw invalid('scope', `scope must be one of ${TOKEN_SCOPES.join(', ')}, not "${request.scope}"`);
  }
  const scope = request.scope as TokenScope;
  const days = request.expiresInDays;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > TOKEN_EXPIRY_MAX_DAYS)) {
    throw invalid(
      'expiresInDays',
      `expiresInDays is a whole number from 1 to ${TOKEN_EXPIRY_MAX_DAYS}, or null`,
    );
  }
  const widest = MAX_SCOPE_OF_ROLE[request.role];
  if (rank(scope) > rank(widest)) {
    throw forbidden(`a ${request.role} may make tokens of scope ${widest} at most, not ${scope}`, {
      reason: 'scope_above_role',
    });
  }
  if (request.callerScope !== null && rank(scope) > rank(request.callerScope)) {
    throw forbidden(`a token of scope ${request.callerScope} cannot make a token of scope ${scope}`, {
      reason: 'scope_above_token',
    });
  }
  return createApiToken(store, {
    orgId: request.orgId,
    userId: request.userId,
    name,
    scope,
    expiresAt: days === null ? null : now + days * DAY_MS,
  });
}

/**
 * The organisation's tokens (one person's when `userId` is given), newest first, with their person's
 * e-mail. `noted`: last uses this server noted but has not written yet (TokenUse).
 */
export async function listTokens(
  store: Store,
  orgId: number,
  userId?: string,
  noted: (id: number) => number | undefined = () => undefined,
): Promise<TokenItem[]> {
  const rows = (await listApiTokens(store.db, orgId, userId)).map((row) => {
    const pending = noted(row.id);
    return pending !== undefined && (row.last_used_at === null || pending > row.last_used_at)
      ? { ...row, last_used_at: pending }
      : row;
  });
  const emails = new Map<string, string | null>();
  for (const id of new Set(rows.map((row) => row.user_id))) {
    emails.set(id, (await findUserById(store.db, id))?.email ?? null);
  }
  return rows.map((row) => tokenItem(row, emails.get(row.user_id) ?? null));
}

/**
 * Revokes a token of the organisation at once (the next request with it is refused: every request
 * reads the token's row). `ownerUserId` set: only that person's token (others' are "not found", so
 * their ids tell nothing). A token already revoked is returned as it is.
 */
export async function revokeToken(
  store: Store,
  orgId: number,
  id: number,
  ownerUserId: string | null,
  now = Date.now(),
): Promise<{ item: TokenItem; revokedNow: boolean }> {
  const rows = await listApiTokens(store.db, orgId, ownerUserId ?? undefined);
  const row = rows.find((r) => r.id === id);
  if (!row) throw notFound('token', id, 'id');
  const revokedNow = await revokeCredential(store.db, 'api_tokens', orgId, id, now);
  await tokensChanged(store);
  const email = (await findUserById(store.db, row.user_id))?.email ?? null;
  return { item: tokenItem({ ...row, revoked_at: row.revoked_at ?? now }, email), revokedNow };
}
