/**
 * Roles a member holds in an organisation, most powerful first (docs/access.md), and the scopes of
 * personal access tokens. A token acts as its person, never beyond their role: its scope narrows.
 */
export const ROLES = ['owner', 'admin', 'manager', 'rep', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const isAdminRole = (role: Role): boolean => role === 'owner' || role === 'admin';
