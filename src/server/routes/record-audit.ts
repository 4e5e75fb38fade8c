import type { FastifyRequest } from 'fastify';
import { type AuditEntry, recordAudit } from '../../services/access/audit.ts';
import { principalOf } from '../access/route-guard.ts';
import type { ServerContext } from '../server-context.ts';

/** Records a change to a goal, target, task or dashboard as made by the request's principal. */
export async function auditRecord(
  ctx: ServerContext,
  request: FastifyRequest,
  entry: Omit<AuditEntry, 'orgId' | 'actor' | 'ip'>,
): Promise<void> {
  const principal = principalOf(request);
  await recordAudit(ctx.store, { orgId: principal.orgId, actor: principal, ip: request.ip, ...entry });
}
