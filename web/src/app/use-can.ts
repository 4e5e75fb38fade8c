import { isAdminRole } from '../api/access-types.ts';
import { useMe } from '../api/use-me.ts';

export interface Abilities {
  /** Creates and edits goals, tasks and dashboards (the server still decides each record). */
  edit: boolean;
  /** Manages the organisation: members, settings, uploads. */
  admin: boolean;
  /** An admin looking through someone else's eyes: everything is read-only. */
  viewingAs: boolean;
}

/**
 * What the signed-in person may do, from their role, to hide the controls they cannot use. The
 * server refuses the rest anyway; this only spares them a button that would fail. Until `me` has
 * arrived, nothing is hidden (the first paint of a page does not flicker for an admin).
 */
export function useCan(): Abilities {
  const me = useMe().data;
  if (!me) return { edit: true, admin: true, viewingAs: false };
  const viewingAs = me.viewAs !== null;
  return {
    edit: !viewingAs && me.role !== 'viewer',
    admin: !viewingAs && isAdminRole(me.role),
    viewingAs,
  };
}
