import { ROLES, type Role } from '../../api/access-types.ts';
import type { Translate } from '../../i18n/i18n-context.tsx';

/** The roles someone may hand out: only an owner makes owners. */
export function roleOptions(myRole: Role | undefined, t: Translate) {
  return ROLES.filter((role) => role !== 'owner' || myRole === 'owner').map((role) => ({
    value: role,
    label: t(`access.role.${role}`),
  }));
}
