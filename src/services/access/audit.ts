import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../../core/access/principal.ts';
import type { AuditKind } from '../../core/contracts/audit.ts';
import { insertAuditEntry } from '../../db/audit-repo.ts';
import type { Store } from '../../db/database.ts';

export interface AuditEntry {
  /** null: no organisation is concerned (a failed sign-in of an unknown address). */
  orgId: number | null;
  /**
   * Who did it: a principal, a bare e-mail (a failed sign-in), 'anonymous' (a caller who gave no
   * valid credential) or null (the system).
   */
  actor: Principal | { email: string } | 'anonymous' | null;
  ip: string | null;
  kind: AuditKind;
  /** A verb: created, updated, deleted, signed_in, failed, revoked … */
  action: string;
  /** What it was done to: an id or name. */
  subject?: string | null;
  /** One line a person reads on the audit page. */
  summary: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The request being served, when recordAudit runs inside one (src/server/access/audit-hook.ts
 * enters it): an entry recorded anywhere below a route marks its request audited, so the hook's
 * safety net does not record the same write a second time.
 */
export const auditScope = new AsyncLocalStorage<{ audited: boolean }>();

/**
 * A write that turned out to change nothing (the same values again): nothing to record, and the
 * safety net must not record it either.
 */
export function auditNothingChanged(): void {
  const scope = auditScope.getStore();
  if (scope) scope.audited = true;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/**
 * Records who did what, when and from where. "View as" is read-only, so every change is made by the
 * person themselves; a token's changes are its person's, marked `token`.
 */
export async function recordAudit(store: Store, entry: AuditEntry, at = Date.now()): Promise<void> {
  const scope = auditScope.getStore();
  if (scope) scope.audited = true;
  const actor = entry.actor === 'anonymous' ? null : entry.actor;
  const principal = actor && 'via' in actor ? actor : null;
  await insertAuditEntry(store.db, {
    org_id: entry.orgId,
    at,
    actor_user_id: principal?.viewAs?.actorUserId ?? principal?.userId ?? null,
    actor_email:
      principal?.viewAs?.actorEmail ?? principal?.email ?? (actor && !principal ? actor.email : null),
    actor_via: principal ? principal.via : actor || entry.actor === 'anonymous' ? 'anonymous' : 'system',
    ip: entry.ip,
    kind: entry.kind,
    action: entry.action,
    subject: entry.subject ?? null,
    summary: entry.summary,
    before: json(entry.before),
    after: json(entry.after),
  });
}
