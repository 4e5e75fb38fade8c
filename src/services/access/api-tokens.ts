import { LRUCache } from 'lru-cache';
import { memberPrincipal, type Principal } from '../../core/access/principal.ts';
import { TOKEN_SCOPES, type TokenScope } from '../../core/access/roles.ts';
import { type ApiTokenRow, findTokenWithMember, insertApiToken } from '../../db/api-tokens-repo.ts';
import { touchCredential } from '../../db/credentials-repo.ts';
import type { Store } from '../../db/database.ts';
import { LastUse } from './last-use.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** Every personal access token starts so: recognisable in a leaked file, and by secret scanners. */
export const TOKEN_PREFIX = 'udn_pat_';

export interface NewApiToken {
  orgId: number;
  userId: string;
  name: string;
  scope: TokenScope;
  /** Epoch ms; null: never expires. */
  expiresAt: number | null;
}

/** Creates a token; the secret is returned here once and never stored. */
export async function createApiToken(
  store: Store,
  values: NewApiToken,
): Promise<{ token: string; row: ApiTokenRow }> {
  const { secret, hash, shown } = newSecret(TOKEN_PREFIX);
  const row = await insertApiToken(store.db, {
    org_id: values.orgId,
    user_id: values.userId,
    name: values.name,
    scope: values.scope,
    token_hash: hash,
    prefix: shown,
    created_at: Date.now(),
    expires_at: values.expiresAt,
  });
  return { token: secret, row };
}

/** Tokens' last-used times (services/access/last-use.ts). */
export class TokenUse extends LastUse {
  constructor(store: Store, everyMs?: number) {
    super((id, at) => touchCredential(store.db, 'api_tokens', id, at), everyMs);
  }
}

/**
 * The principal a bearer token acts as: its person, in its organisation, with their role today
 * (a member removed or demoted loses what the token could do), narrowed to the token's scope.
 * null for an unknown, revoked or expired token, or one whose person left the organisation.
 */
export async function principalOfToken(
  store: Store,
  token: string,
  use?: TokenUse,
  now = Date.now(),
): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = hashSecret(token);
  let known = principals.get(hash);
  if (!known) {
    known = await lookUp(store, hash);
    principals.set(hash, known);
  }
  if (!known.principal || (known.expiresAt !== null && known.expiresAt <= now)) return null;
  use?.note(known.id, now);
  return known.principal;
}

interface KnownToken {
  id: number;
  expiresAt: number | null;
  /** null: unknown, revoked, or its person is no member there any more. */
  principal: Principal | null;
}

async function lookUp(store: Store, hash: string): Promise<KnownToken> {
  const found = await findTokenWithMember(store.db, hash);
  if (!found) return { id: 0, expiresAt: null, principal: null };
  const { token: row, user, member } = found;
  if (row.revoked_at !== null) return { id: row.id, expiresAt: null, principal: null };
  const scope = (TOKEN_SCOPES as readonly string[]).includes(row.scope) ? (row.scope as TokenScope) : 'read';
  return { id: row.id, expiresAt: row.expires_at, principal: memberPrincipal('token', user, member, scope) };
}

/**
 * Token principals by the token's hash, for a few seconds: a script's every request asks, and a
 * query compiled and prepared per request was a fifth of a cached answer's cost. A token revoked or
 * a member changed drops them at once in every process on the database that listens
 * (principal-changes.ts: this one, and the servers on PostgreSQL — `udn tokens revoke` included); a
 * change no one announced (a CLI process beside a server on SQLite) is seen within the seconds.
 */
const principals = new LRUCache<string, KnownToken>({ max: 10_000, ttl: 5_000 });

export function forgetTokenPrincipals(): void {
  principals.clear();
}
