import type { FastifyRequest } from 'fastify';
import type { Store } from '../../db/database.ts';
import { type AuditEntry, recordAudit } from '../../services/access/audit.ts';

/** What a route tells about its change; who, from where and in which organisation come from the request. */
export type RequestAuditEntry = Omit<AuditEntry, 'actor' | 'ip' | 'orgId'> &
  Partial<Pick<AuditEntry, 'orgId'>>;

/**
 * Records a change made by this request, as its principal (or anonymous), from its client's address,
 * and marks the request audited so the safety net of audit-hook.ts does not record it again.
 */
export async function auditRequest(
  store: Store,
  request: FastifyRequest,
  entry: RequestAuditEntry,
): Promise<void> {
  if (request.auditState) request.auditState.audited = true;
  const principal = request.principal;
  await recordAudit(store, {
    ...entry,
    orgId: entry.orgId === undefined ? (principal?.orgId ?? null) : entry.orgId,
    actor: principal ?? 'anonymous',
    ip: request.ip,
  });
}
