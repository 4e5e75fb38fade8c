import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ALERT_KINDS,
  alertCheckSchema,
  alertConditionSchema,
  alertRuleInputSchema,
  alertRulePatchSchema,
} from '../../core/contracts/alerts.ts';
import {
  alertRuleItem,
  createAlertRule,
  deleteAlertRule,
  listAlertEvents,
  listAlertRules,
  updateAlertRule,
} from '../../services/alerts/alert-rules-service.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema, inputErrors } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const ruleItemSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    condition: alertConditionSchema,
    scope: z.string(),
    createTask: z.boolean(),
    recipients: z.object({ users: z.array(z.string()), teams: z.array(z.string()) }),
    enabled: z.boolean(),
    crossed: z.array(z.string()).describe('Subjects crossed now: they fire again only after recovering'),
    lastFiredAt: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    examples: [
      {
        id: 3,
        name: 'Churn above 3%',
        condition: {
          kind: 'threshold',
          metric: 'churn_rate',
          period: 'month',
          operator: 'above',
          value: 0.03,
        },
        scope: 'team:Jakarta',
        createTask: false,
        recipients: { users: [], teams: [] },
        enabled: true,
        crossed: ['team:Jakarta'],
        lastFiredAt: '2026-12-04T02:10:00.000Z',
        createdBy: 'u_81x',
        createdAt: '2026-12-01T09:00:00.000Z',
        updatedAt: '2026-12-01T09:00:00.000Z',
      },
    ],
  });

const eventItemSchema = z.object({
  id: z.number(),
  ruleId: z.number(),
  ruleName: z.string(),
  subject: z.string().describe('org, team:<name>, rep:<id>, target:<id> or import:<id>'),
  firedAt: z.string(),
  title: z.string(),
  message: z.string(),
  value: z.number().nullable(),
  link: z.string().describe('App path of the drill-down behind it'),
  taskId: z.number().nullable(),
});

const firedSchema = z.object({
  ruleId: z.number(),
  ruleName: z.string(),
  kind: z.enum(ALERT_KINDS),
  subject: z.string(),
  title: z.string(),
  message: z.string(),
  value: z.number().nullable(),
  link: z.string(),
  recipients: z.array(z.string()).describe('User ids told'),
  taskId: z.number().nullable(),
  eventId: z.number().nullable(),
});

const idParams = z.object({ id: z.coerce.number().int().positive() });
const eventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  rule: z.coerce.number().int().positive().optional(),
});

const ruleBody = alertRuleInputSchema.meta({
  description:
    "An alert rule. `scope` is org, team:<name> or rep:<id>; KPI rules watch the named period to date (today in the organisation's zone). A rep may make rules on their own scope only, a manager on the teams they manage, admins any.",
  examples: [
    {
      name: 'Jakarta revenue at risk',
      condition: { kind: 'target-status', targetId: null, statuses: ['at_risk', 'off_track'] },
      scope: 'team:Jakarta',
      createTask: true,
    },
  ],
});

/** Alert rules (docs/alerts.md): members read what concerns them; writers make rules in their reach. */
export function alertRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/alerts',
      {
        config: { access: 'read' },
        schema: {
          tags: ['alerts'],
          summary: 'The alert rules the caller may see, each with the subjects crossed now',
          response: { 200: z.object({ rules: z.array(ruleItemSchema) }) },
        },
      },
      async (request) => ({
        rules: await listAlertRules(ctx.store, await ctx.org(request), principalOf(request)),
      }),
    );

    app.post(
      '/alerts',
      {
        config: { access: 'write' },
        schema: {
          tags: ['alerts'],
          summary: 'Make an alert rule (audited)',
          body: ruleBody,
          response: { 201: ruleItemSchema, 400: apiErrorSchema, 403: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const item = await createAlertRule(ctx.store, org, request.body, { as: principalOf(request) });
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'created',
          subject: `alert ${item.id}`,
          summary: `made the alert rule "${item.name}" (${item.condition.kind}, ${item.scope})`,
        });
        // A new rule tells about what is already crossed: evaluated soon, like after a data change.
        ctx.alerts.dataChanged(org.id);
        return reply.code(201).send(item);
      },
    );

    app.get(
      '/alerts/events',
      {
        config: { access: 'read' },
        schema: {
          tags: ['alerts'],
          summary: 'What fired, newest first, as far as the caller would have heard it',
          querystring: eventsQuery,
          response: { 200: z.object({ events: z.array(eventItemSchema) }), 400: apiErrorSchema },
        },
      },
      async (request) => ({
        events: await listAlertEvents(ctx.store, await ctx.org(request), {
          as: principalOf(request),
          limit: request.query.limit,
          ...(request.query.rule !== undefined ? { ruleId: request.query.rule } : {}),
        }),
      }),
    );

    app.post(
      '/alerts/check',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['alerts'],
          summary: 'Evaluate every rule now and return what fired (`dryRun`: what would fire, nothing sent)',
          body: alertCheckSchema.default({ dryRun: false }),
          response: { 200: z.object({ fired: z.array(firedSchema) }), 400: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const fired = await ctx.alerts.evaluateOrg(org.id, {
          trigger: 'manual',
          dryRun: request.body?.dryRun ?? false,
        });
        return { fired };
      },
    );

    app.get(
      '/alerts/:id',
      {
        config: { access: 'read' },
        schema: {
          tags: ['alerts'],
          summary: 'An alert rule',
          params: idParams,
          response: { 200: ruleItemSchema, ...inputErrors },
        },
      },
      async (request) =>
        alertRuleItem(ctx.store, await ctx.org(request), request.params.id, principalOf(request)),
    );

    app.patch(
      '/alerts/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['alerts'],
          summary: 'Change an alert rule; fields left out stay (audited)',
          params: idParams,
          body: alertRulePatchSchema,
          response: { 200: ruleItemSchema, ...inputErrors, 403: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const item = await updateAlertRule(ctx.store, org, request.params.id, request.body, {
          as: principalOf(request),
        });
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'updated',
          subject: `alert ${item.id}`,
          summary: `changed the alert rule "${item.name}" (${Object.keys(request.body).join(', ') || 'nothing'})`,
        });
        ctx.alerts.dataChanged(org.id);
        return item;
      },
    );

    app.delete(
      '/alerts/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['alerts'],
          summary: 'Delete an alert rule with its log (audited)',
          params: idParams,
          response: { 204: z.null(), ...inputErrors, 403: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const rule = await deleteAlertRule(ctx.store, org, request.params.id, { as: principalOf(request) });
        await auditRecord(ctx, request, {
          kind: 'settings',
          action: 'deleted',
          subject: `alert ${rule.id}`,
          summary: `deleted the alert rule "${rule.name}"`,
        });
        return reply.code(204).send(null);
      },
    );
  };
}
