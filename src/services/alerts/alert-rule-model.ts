import {
  type AlertCondition,
  type AlertRuleInput,
  alertConditionSchema,
  alertRecipientsSchema,
} from '../../core/contracts/alerts.ts';
import { formatScope, parseScope, type Scope } from '../../core/scope.ts';
import type { AlertRuleRow, AlertRuleValues } from '../../db/alert-rules-repo.ts';

/** A stored rule, read once into what the engine and the API work with. */
export interface AlertRule {
  id: number;
  orgId: number;
  name: string;
  condition: AlertCondition;
  scope: Scope;
  createTask: boolean;
  recipients: { users: string[]; teams: string[] };
  enabled: boolean;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export type RuleRead = { ok: true; rule: AlertRule } | { ok: false; id: number; reason: string };

/** A row as a rule; a row whose JSON no longer parses is reported, never evaluated half-way. */
export function ruleOf(row: AlertRuleRow): RuleRead {
  let condition: unknown;
  let recipients: unknown;
  try {
    condition = JSON.parse(row.condition);
    recipients = JSON.parse(row.recipients);
  } catch (error) {
    return { ok: false, id: row.id, reason: `stored JSON does not parse: ${String(error)}` };
  }
  const parsedCondition = alertConditionSchema.safeParse(condition);
  const parsedRecipients = alertRecipientsSchema.safeParse(recipients);
  const scope = parseScope(row.scope_kind === 'org' ? 'org' : `${row.scope_kind}:${row.scope_id ?? ''}`);
  if (!parsedCondition.success) return { ok: false, id: row.id, reason: parsedCondition.error.message };
  if (!parsedRecipients.success) return { ok: false, id: row.id, reason: parsedRecipients.error.message };
  if (!scope.ok) return { ok: false, id: row.id, reason: scope.reason };
  return {
    ok: true,
    rule: {
      id: row.id,
      orgId: row.org_id,
      name: row.name,
      condition: parsedCondition.data,
      scope: scope.scope,
      createTask: row.create_task === 1,
      recipients: parsedRecipients.data,
      enabled: row.enabled === 1,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
  };
}

/** A rule's columns from its validated input. */
export function valuesOf(input: AlertRuleInput): AlertRuleValues {
  const parsed = parseScope(input.scope);
  const scope: Scope = parsed.ok ? parsed.scope : { kind: 'org' };
  return {
    name: input.name,
    kind: input.condition.kind,
    condition: JSON.stringify(input.condition),
    scope_kind: scope.kind,
    scope_id: scope.kind === 'org' ? null : scope.kind === 'team' ? scope.name : scope.id,
    create_task: input.createTask ? 1 : 0,
    recipients: JSON.stringify(input.recipients),
    enabled: input.enabled ? 1 : 0,
  };
}

export const inputOf = (rule: AlertRule): AlertRuleInput => ({
  name: rule.name,
  condition: rule.condition,
  scope: formatScope(rule.scope),
  createTask: rule.createTask,
  recipients: rule.recipients,
  enabled: rule.enabled,
});
