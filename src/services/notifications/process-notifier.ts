import { clusterBusOf } from '../../db/cluster-bus.ts';
import type { Store } from '../../db/database.ts';
import { MailerSource } from './mailer-source.ts';
import { Notifier } from './notifier.ts';

/**
 * The notifier of a process that is not a server (`udn alerts check`, `udn digest send`): it sends
 * like the server's (UDN_SMTP_URL, else the settings page's SMTP server) and tells the servers on a
 * PostgreSQL database through the cluster bus, so the bell on open pages updates at once. Close it
 * when done (the SMTP connection pool).
 */
export function processNotifier(
  store: Store,
  onError: (error: unknown, message: string) => void,
): { notifier: Notifier; close(): void } {
  const mailers = new MailerSource(store);
  const bus = clusterBusOf(store);
  const notifier = new Notifier({
    store,
    mailer: () => mailers.current(),
    publish: (orgId, userId) => void bus.publish({ t: 'notifications', org: orgId, user: userId }),
    onError,
  });
  return { notifier, close: () => mailers.close() };
}
