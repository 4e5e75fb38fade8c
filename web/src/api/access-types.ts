/**
 * The people-and-access API as the web app reads it (issue 11's contract): who is signed in, the
 * organisation's members, invitations, tokens and audit entries. Times are ISO 8601 strings.
 */
export type Role = 'owner' | 'admin' | 'manager' | 'rep' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'admin', 'manager', 'rep', 'viewer'];

export type TokenScope = 'read' | 'write' | 'admin';
export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

export interface Me {
  user: { id: string; name: string; email: string; twoFactorEnabled: boolean };
  org: { id: number; slug: string; name: string; openLeaderboard: boolean };
  role: Role;
  repId: string | null;
  teams: string[];
  orgs: { id: number; slug: string; name: string; role: Role }[];
  via: string;
  viewAs: null | { userId: string; name: string; email: string; role: Role };
  sso: { enabled: boolean; name: string | null };
}

export interface AuthOptions {
  sso: { enabled: boolean; name: string | null };
  smtp: boolean;
}

export interface Member {
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

export interface Invitation {
  id: number;
  email: string | null;
  role: Role;
  repId: string | null;
  teams: string[];
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  invitedBy: string | null;
}

export interface InvitationLookup {
  orgName: string;
  role: Role;
  email: string | null;
  expired: boolean;
  accepted: boolean;
}

export interface ApiToken {
  id: number;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  userId: string;
  userEmail: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorVia: string | null;
  ip: string | null;
  kind: string;
  action: string;
  subject: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

/** Roles that manage the organisation: members, settings, imports. */
export const isAdminRole = (role: Role | undefined): boolean => role === 'owner' || role === 'admin';

/** The highest token scope a role may hold (a token never does more than its person). */
export function scopesFor(role: Role): TokenScope[] {
  if (isAdminRole(role)) return ['read', 'write', 'admin'];
  if (role === 'viewer') return ['read'];
  return ['read', 'write'];
}
