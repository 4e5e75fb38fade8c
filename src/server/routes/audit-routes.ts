import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditEntryView } from '../../core/contracts/access.ts';
import { AUDIT_KINDS } from '../../core/contracts/audit.ts';
import { invalid } from '../../core/errors.ts';
import { queryAuditLog } from '../../db/audit-repo.ts';
import { normalEmail } from '../../db/users-repo.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';

export const AUDIT_PAGE_MAX = 200;

const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorVia: z.string().describe('session, token, cli, share, anonymous or system'),
  ip: z.string().nullable(),
  kind: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  summary: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});

const instant = (field: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw invalid(field, `${field} is an ISO 8601 date or time (2026-04-01T00:00:00Z), not "${value}"`);
  return ms;
};

const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** The organisation's audit log, for its admins. */
export function auditRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['access'],
          summary: "The organisation's audit log, newest first, filtered by person, kind and time",
          description: `\`actor\`: a user id or an e-mail. \`from\` (inclusive) and \`to\` (exclusive): ISO 8601. \`before\`: the \`next\` of the previous page. \`limit\` 1–${AUDIT_PAGE_MAX}, default 50.`,
          querystring: z.object({
            actor: z.string().min(1).optional(),
            kind: z.enum(AUDIT_KINDS).optional(),
            from: z.string().optional(),
            to: z.string().optional(),
            before: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
          }),
          response: {
            200: z.object({ entries: z.array(auditEntrySchema), next: z.number().nullable() }),
            400: apiErrorSchema,
          },
        },
      },
      async (request) => {
        const { actor, kind, before, limit } = request.query;
        const byEmail = actor?.includes('@');
        const page = await queryAuditLog(ctx.store.db, {
          orgId: principalOf(request).orgId,
          ...(actor !== undefined && byEmail ? { actorEmail: normalEmail(actor) } : {}),
          ...(actor !== undefined && !byEmail ? { actorUserId: actor } : {}),
          ...(kind !== undefined ? { kind } : {}),
          ...(request.query.from !== undefined ? { from: instant('from', request.query.from) } : {}),
          ...(request.query.to !== undefined ? { to: instant('to', request.query.to) } : {}),
          ...(before !== undefined ? { beforeId: before } : {}),
          limit,
        });
        return {
          entries: page.entries.map(
            (row): AuditEntryView => ({
              id: row.id,
              at: new Date(row.at).toISOString(),
              actorUserId: row.actor_user_id,
              actorEmail: row.actor_email,
              actorVia: row.actor_via,
              ip: row.ip,
              kind: row.kind,
              action: row.action,
              subject: row.subject,
              summary: row.summary,
              before: parsed(row.before),
              after: parsed(row.after),
            }),
          ),
          next: page.next,
        };
      },
    );
  };
}
