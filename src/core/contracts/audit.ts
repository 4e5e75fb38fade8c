/** What an audit entry is about: the audit page and `GET /api/v1/audit?kind=` filter on it. */
export const AUDIT_KINDS = [
  'sign_in',
  'member',
  'invitation',
  'token',
  'share_link',
  'view_as',
  'import',
  'goal',
  'target',
  'task',
  'dashboard',
  'settings',
  'data',
  'access_refused',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
