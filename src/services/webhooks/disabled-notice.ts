import type { NotificationInput } from '../../core/contracts/notifications.ts';
import type { Store } from '../../db/database.ts';
import { adminUserIds } from '../../db/webhooks-repo.ts';

/**
 * What the dispatcher calls when it disabled a subscription: a notice of kind `webhook` to every
 * owner and admin of the organisation (the bell, and whatever channels each chose for the kind),
 * linking to the page where it is enabled again.
 */
export function disabledNotice(
  store: Store,
  notify: (input: NotificationInput) => Promise<void>,
  onError: (error: unknown, message: string) => void,
): (orgId: number, webhook: { id: number; name: string; reason: string }) => void {
  return (orgId, webhook) => {
    void adminUserIds(store.db, orgId)
      .then((userIds) =>
        notify({
          orgId,
          userIds,
          kind: 'webhook',
          title: `Webhook "${webhook.name}" was disabled`,
          body: `UDN stopped sending to it: ${webhook.reason}. Check the receiver, then enable it again.`,
          link: '/settings/notifications',
        }),
      )
      .catch((error: unknown) =>
        onError(error, `admins could not be told that webhook ${webhook.id} was disabled`),
      );
  };
}
