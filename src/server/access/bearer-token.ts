import type { Store } from '../../db/database.ts';
import { principalOfToken, type TokenUse } from '../../services/access/api-tokens.ts';
import type { PrincipalResolver } from './route-guard.ts';

/** `Authorization: Bearer udn_pat_…`: a personal access token (services/access/api-tokens.ts). */
export function bearerTokenResolver(store: Store, use: TokenUse): PrincipalResolver {
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return null;
    return principalOfToken(store, match[1], use);
  };
}
