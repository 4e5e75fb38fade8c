import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { serverSecret } from '../../auth/server-secret.ts';
import type { Store } from '../../db/database.ts';

/**
 * A source's header value (an API key, a bearer token) must be sent as given, so it cannot be
 * hashed like UDN's own secrets: it is encrypted (AES-256-GCM) with a key derived from the server
 * secret, which stays out of the database when UDN_SECRET is set. A copy of the database alone
 * then does not give the key away.
 */
const keyOf = async (store: Store): Promise<Buffer> =>
  createHash('sha256')
    .update(`udn-source-header\0${await serverSecret(store)}`, 'utf8')
    .digest();

export async function sealHeaderValue(store: Store, value: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await keyOf(store), iv);
  const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64')))
    .join('.');
}

export async function openHeaderValue(store: Store, sealed: string): Promise<string> {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined)
    throw new Error('the stored header value is not readable: set it again');
  try {
    const decipher = createDecipheriv('aes-256-gcm', await keyOf(store), Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the stored header value cannot be decrypted (was UDN_SECRET changed?): set it again');
  }
}

/** What a list shows of a header value: its last four characters, only when it is long enough to spare them. */
export const tailOf = (value: string): string | null => (value.length >= 12 ? value.slice(-4) : null);

export const maskedValue = (tail: string | null): string => `••••${tail ?? ''}`;
