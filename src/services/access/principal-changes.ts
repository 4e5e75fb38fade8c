import { clusterBusOf } from '../../db/cluster-bus.ts';
import type { Store } from '../../db/database.ts';
import { forgetTokenPrincipals } from './api-tokens.ts';
import { forgetSessions } from './session-principal.ts';

/*
 * Principals are cached for seconds per process (api-tokens.ts, session-principal.ts). Whoever
 * changes what they rest on calls these, whichever process it is (a server, `udn tokens revoke`,
 * `udn users role`): this process forgets at once, and every server on the database hears it
 * (cluster-sync.ts) instead of serving the old principal until the entries expire.
 */

/** A token was revoked. */
export async function tokensChanged(store: Store): Promise<void> {
  forgetTokenPrincipals();
  await clusterBusOf(store).publish({ t: 'tokens' });
}

/** A member's role, teams or membership changed, or their sessions ended (everyone's without `userId`). */
export async function memberChanged(store: Store, userId?: string): Promise<void> {
  forgetSessions(userId);
  forgetTokenPrincipals();
  await clusterBusOf(store).publish(userId === undefined ? { t: 'member' } : { t: 'member', user: userId });
}
