import type { Principal } from '../../core/access/principal.ts';
import type { Store } from '../../db/database.ts';
import { findMember, type MemberRecord } from '../../db/members-repo.ts';
import { findUserById, type UserRecord } from '../../db/users-repo.ts';

/** Who may look at the app as another member: the organisation's owners and admins. */
export const canViewAs = (role: Principal['role']): boolean => role === 'owner' || role === 'admin';

/**
 * The member `targetUserId` of the actor's organisation, when the actor may view as them; undefined
 * otherwise (not an owner or admin, not a member there, or themselves).
 */
export async function viewAsTarget(
  store: Store,
  actor: { userId: string; orgId: number; role: Principal['role'] },
  targetUserId: string,
): Promise<{ member: MemberRecord; user: UserRecord } | undefined> {
  if (!canViewAs(actor.role) || targetUserId === actor.userId) return undefined;
  const member = await findMember(store.db, actor.orgId, targetUserId);
  if (!member) return undefined;
  const user = await findUserById(store.db, targetUserId);
  return user ? { member, user } : undefined;
}
