import type { Role, TokenScope } from './roles.ts';

/** How a request proved who it is. `cli` is the command line, the database's administrator. */
export type PrincipalVia = 'session' | 'token' | 'share' | 'cli';

/**
 * Who a request acts as, in one organisation: what the access policy decides on. A share link
 * acts as a viewer of its organisation who may read only its dashboards' aggregates; "view as" acts
 * as the member looked at, read-only, and remembers the admin behind it.
 */
export interface Principal {
  via: PrincipalVia;
  /** better-auth's user id; null for a share link. */
  userId: string | null;
  email: string | null;
  name: string | null;
  orgId: number;
  role: Role;
  /** The rep record this member is (reps.id), for a rep. */
  repId: string | null;
  /** The teams this member manages, for a manager. */
  teams: readonly string[];
  /** A token's scope; null for sessions and the CLI. */
  scope: TokenScope | null;
  /** Set while an owner or admin looks at the app as this member: everything is read-only. */
  viewAs: { actorUserId: string; actorEmail: string } | null;
  /** Set for a share link: the dashboards it names. */
  share: { id: number; dashboardIds: readonly number[] } | null;
}

/**
 * A person acting in an organisation by their membership: through a session, a token (narrowed to
 * its `scope`) or the CLI's `--as`.
 */
export function memberPrincipal(
  via: Exclude<PrincipalVia, 'share'>,
  user: { id: string; email: string; name: string },
  member: { orgId: number; role: Role; repId: string | null; teams: readonly string[] },
  scope: TokenScope | null = null,
): Principal {
  return {
    via,
    userId: user.id,
    email: user.email,
    name: user.name,
    orgId: member.orgId,
    role: member.role,
    repId: member.repId,
    teams: member.teams,
    scope,
    viewAs: null,
    share: null,
  };
}

/** The command line works on the database directly, as its administrator. */
export function cliPrincipal(orgId: number): Principal {
  return {
    via: 'cli',
    userId: null,
    email: null,
    name: 'udn (command line)',
    orgId,
    role: 'owner',
    repId: null,
    teams: [],
    scope: null,
    viewAs: null,
    share: null,
  };
}
