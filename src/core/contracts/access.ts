/**
 * The people-and-access API's answers (issue 11, docs/access.md), as the server sends them and the
 * web app reads them. Times are ISO 8601 strings.
 */
import type { Role, TokenScope } from '../access/roles.ts';
import type { AuditKind } from './audit.ts';

export { isAdminRole, ROLES, type Role, scopesFor, type TokenScope } from '../access/roles.ts';

/** What `me` says of single sign-on (the sign-in page offers its button). */
export interface SsoSummary {
  enabled: boolean;
  name: string | null;
}

/** `GET /api/v1/me`: who is signed in, where, as what. */
export interface MeResponse {
  user: { id: string; name: string; email: string; twoFactorEnabled: boolean };
  org: { id: number; slug: string; name: string; openLeaderboard: boolean };
  role: Role;
  repId: string | null;
  teams: string[];
  orgs: { id: number; slug: string; name: string; role: Role }[];
  via: 'session' | 'token' | 'share' | 'cli';
  /** While viewing as: the member looked at (`user` stays the person signed in). */
  viewAs: null | { userId: string; name: string; email: string; role: Role };
  sso: SsoSummary;
}

/** `GET /api/v1/auth-options`: what the sign-in page offers. */
export interface AuthOptions {
  sso: SsoSummary;
  smtp: boolean;
}

/** A member as the API and the CLI show them. */
export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: Role;
  repId: string | null;
  repName: string | null;
  teams: string[];
  createdAt: string;
  lastSignInAt: string | null;
}

export interface InvitationView {
  id: number;
  email: string | null;
  role: Role;
  repId: string | null;
  teams: string[];
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  /** The e-mail of who invited (null: the command line). */
  invitedBy: string | null;
}

/** `GET /api/v1/invitations/lookup`: what an invitation link offers, before it is accepted. */
export interface InvitationLookup {
  orgName: string;
  role: Role;
  email: string | null;
  expired: boolean;
  accepted: boolean;
  revoked: boolean;
}

/** A token as the API and the CLI show it: never its secret nor its hash. */
export interface TokenItem {
  id: number;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  userId: string;
  userEmail: string | null;
}

/** An entry of `GET /api/v1/audit`. */
export interface AuditEntryView {
  id: number;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  /** session, token, cli, share, anonymous or system. */
  actorVia: string;
  ip: string | null;
  kind: AuditKind | string;
  action: string;
  subject: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}
