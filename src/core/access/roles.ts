/**
 * Roles a member holds in an organisation, most powerful first (docs/access.md), and the scopes of
 * personal access tokens. A token acts as its person, never beyond their role: its scope narrows.
 */
export const ROLES = ['owner', 'admin', 'manager', 'rep', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const isAdminRole = (role: Role): boolean => role === 'owner' || role === 'admin';

/** The widest scope a role may give its tokens: a token never does more than its person may. */
export const MAX_SCOPE_OF_ROLE: Readonly<Record<Role, TokenScope>> = {
  owner: 'admin',
  admin: 'admin',
  manager: 'write',
  rep: 'write',
  viewer: 'read',
};

/** The scopes a role may give its tokens, narrowest first. */
export const scopesFor = (role: Role): TokenScope[] =>
  TOKEN_SCOPES.slice(0, TOKEN_SCOPES.indexOf(MAX_SCOPE_OF_ROLE[role]) + 1);
