/**
 * The people-and-access API as the web app reads it: the server's own contract
 * (src/core/contracts/access.ts), under the names the app's code uses.
 */
import { isAdminRole as isAdminOf, type Role } from '../../../src/core/contracts/access.ts';

export type {
  AuditEntryView as AuditEntry,
  AuthOptions,
  InvitationLookup,
  InvitationView as Invitation,
  MemberView as Member,
  MeResponse as Me,
  TokenItem as ApiToken,
} from '../../../src/core/contracts/access.ts';
export {
  ROLES,
  type Role,
  scopesFor,
  type TokenScope,
} from '../../../src/core/contracts/access.ts';

/** Roles that manage the organisation: members, settings, imports (none while `me` is loading). */
export const isAdminRole = (role: Role | undefined): boolean => role !== undefined && isAdminOf(role);
