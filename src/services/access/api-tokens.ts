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
  const found = await findTokenWithMember(store.db, hashSecret(token));
  if (!found) return null;
  const { token: row, user, member } = found;
  if (row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return null;
  use?.note(row.id, now);
  const scope = (TOKEN_SCOPES as readonly string[]).includes(row.scope) ? (row.scope as TokenScope) : 'read';
  return memberPrincipal('token', user, member, scope);
}
