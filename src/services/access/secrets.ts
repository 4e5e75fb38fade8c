import { createHash } from 'node:crypto';
import { generateRandomString } from 'better-auth/crypto';

/**
 * Secrets handed to people once (API tokens, share links, invitations): 40 random characters from
 * better-auth's generator behind a readable prefix (`udn_pat_…`), stored only as their SHA-256. A
 * secret this long needs no slow hash: nothing can be guessed from its digest.
 */
export function newSecret(prefix: string): { secret: string; hash: string; shown: string } {
  const secret = `${prefix}${generateRandomString(40, 'a-z', 'A-Z', '0-9')}`;
  return { secret, hash: hashSecret(secret), shown: secret.slice(0, prefix.length + 4) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
