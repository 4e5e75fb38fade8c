import type { Principal } from '../../core/access/principal.ts';
import { isAdminRole } from '../../core/access/roles.ts';
import { type AlertAudience, type AlertMember, alertRecipients } from '../../core/alerts/alert-recipients.ts';
import type {
  AlertEventItem,
  AlertRuleInput,
  AlertRuleItem,
  AlertRulePatch,
} from '../../core/contracts/alerts.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import { formatScope, parseScope, type Scope, scopeProblem, scopeProblemText } from '../../core/scope.ts';
import {
  type AlertEventRow,
  alertStatesOf,
  clearAlertStates,
  deleteAlertRuleRow,
  findAlertRuleRow,
  insertAlertRuleRow,
  lastFiredOf,
  listAlertEventRows,
  listAlertRuleRows,
  targetAudiencesOf,
  updateAlertRuleRow,
} from '../../db/alert-rules-repo.ts';
import type { Store } from '../../db/database.ts';
import { findGoalTargetRow } from '../../db/goal-targets-repo.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { type AlertRule, inputOf, ruleOf, valuesOf } from './alert-rule-model.ts';

/**
 * Alert rules as the API and CLI read and write them (docs/alerts.md). Who may write a rule: admins
 * any; a manager rules on the teams they manage and their reps; a rep rules on their own numbers;
 * import rules are the admins'. Who sees a rule or an event: who would hear it (core/alerts/
 * alert-recipients.ts), its maker and the admins; nobody sees a subject about a rep they may not see.
 * Without `as` (the command line) everything.
 */

const iso = (ms: number) => new Date(ms).toISOString();

const asMember = (as: Principal): AlertMember => ({
  userId: as.userId ?? '',
  email: as.email ?? '',
  name: as.name ?? '',
  role: as.role,
  repId: as.repId,
  teams: as.teams,
});

const ruleSummary = (who: string) => `a ${who}`;

/** Refuses a rule `as` may not make or change (403 naming what is refused). */
function checkWrite(as: Principal | undefined, input: AlertRuleInput, reps: readonly RepInfo[]): void {
  if (!as || isAdminRole(as.role)) return;
  if (input.condition.kind === 'import') {
    throw forbidden(`${ruleSummary(as.role)} may not make import alerts: imports are the admins'`, {
      field: 'condition.kind',
    });
  }
  const parsed = parseScope(input.scope);
  const scope: Scope = parsed.ok ? parsed.scope : { kind: 'org' };
  if (as.role === 'rep') {
    if (scope.kind === 'rep' && as.repId !== null && scope.id === as.repId) return;
    throw forbidden(
      as.repId === null
        ? 'a rep not linked to a rep record may not make alerts'
        : `a rep makes alerts on their own numbers only (scope rep:${as.repId})`,
      { field: 'scope' },
    );
  }
  if (as.role === 'manager') {
    if (scope.kind === 'team' && as.teams.includes(scope.name)) return;
    if (scope.kind === 'rep') {
      const team = reps.find((rep) => rep.id === scope.id)?.team ?? null;
      if (scope.id === as.repId || (team !== null && as.teams.includes(team))) return;
    }
    throw forbidden('a manager makes alerts on the teams they manage and their reps only', {
      field: 'scope',
    });
  }
  throw forbidden(`a ${as.role} may not make alerts`);
}

async function checkInput(store: Store, org: OrgRecord, input: AlertRuleInput, reps: readonly RepInfo[]) {
  const parsed = parseScope(input.scope);
  if (!parsed.ok) throw invalid('scope', parsed.reason);
  const problem = scopeProblem(parsed.scope, reps);
  if (problem) throw invalid('scope', scopeProblemText(problem, 'kpis'));
  const c = input.condition;
  if (c.kind === 'target-status' && c.targetId !== null) {
    if (!(await findGoalTargetRow(store.db, org.id, c.targetId))) {
      throw invalid('condition.targetId', `goal target ${c.targetId} does not exist`);
    }
  }
}

/** Who would hear the rule about `subjectRep` (its scope's rep when null is given for a rep scope). */
function audienceOf(org: OrgRecord, rule: AlertRule, subjectRep: string | null): AlertAudience {
  return {
    orgId: org.id,
    scope: rule.scope,
    subjectRep: subjectRep ?? (rule.scope.kind === 'rep' ? rule.scope.id : null),
    adminsOnly: rule.condition.kind === 'import',
    createdBy: rule.createdBy,
    recipients: rule.recipients,
  };
}

const hears = (as: Principal, reps: readonly RepInfo[], org: OrgRecord, audience: AlertAudience) =>
  alertRecipients([asMember(as)], reps, org, audience).length > 0;

/** The reps a per-rep rule (inactivity, targets) may speak of. */
const repsOfScope = (scope: Scope, reps: readonly RepInfo[]): RepInfo[] =>
  scope.kind === 'org'
    ? [...reps]
    : scope.kind === 'team'
      ? reps.filter((rep) => rep.team === scope.name)
      : reps.filter((rep) => rep.id === scope.id);

export function canSeeRule(
  as: Principal | undefined,
  org: OrgRecord,
  rule: AlertRule,
  reps: readonly RepInfo[],
) {
  if (!as || isAdminRole(as.role) || (as.userId !== null && rule.createdBy === as.userId)) return true;
  if (hears(as, reps, org, audienceOf(org, rule, null))) return true;
  // A rule that speaks of each rep (inactivity, targets) is seen by those who hear about one of them.
  if (rule.condition.kind === 'inactivity' || rule.condition.kind === 'target-status') {
    return repsOfScope(rule.scope, reps).some((rep) => hears(as, reps, org, audienceOf(org, rule, rep.id)));
  }
  return false;
}

const subjectRepOf = (subject: string): string | null =>
  subject.startsWith('rep:') ? subject.slice(4) : null;

/** Whether `as` hears about this subject of the rule (targets: their scope's rep or goal owner). */
async function subjectVisibility(
  store: Store,
  org: OrgRecord,
  as: Principal | undefined,
  reps: readonly RepInfo[],
  rules: Map<number, AlertRule>,
  pairs: readonly { ruleId: number; subject: string }[],
): Promise<(pair: { ruleId: number; subject: string }) => boolean> {
  if (!as || isAdminRole(as.role)) return (pair) => rules.has(pair.ruleId);
  const targetIds = [
    ...new Set(
      pairs
        .filter((p) => p.subject.startsWith('target:'))
        .map((p) => Number(p.subject.slice('target:'.length))),
    ),
  ];
  const targets = await targetAudiencesOf(store.db, org.id, targetIds);
  return ({ ruleId, subject }) => {
    const rule = rules.get(ruleId);
    if (!rule) return false;
    if (subject.startsWith('target:')) {
      const target = targets.get(Number(subject.slice('target:'.length)));
      if (!target) return false;
      const scope = target.scope === null ? null : parseScope(target.scope);
      const rep = scope?.ok && scope.scope.kind === 'rep' ? scope.scope.id : target.ownerRepId;
      return hears(as, reps, org, {
        ...audienceOf(org, rule, rep),
        ...(target.isPrivate ? { privateTo: target.createdBy } : {}),
      });
    }
    return hears(as, reps, org, audienceOf(org, rule, subjectRepOf(subject)));
  };
}

async function readRules(store: Store, orgId: number): Promise<AlertRule[]> {
  const out: AlertRule[] = [];
  for (const row of await listAlertRuleRows(store.db, orgId)) {
    const read = ruleOf(row);
    if (read.ok) out.push(read.rule);
  }
  return out;
}

export async function listAlertRules(store: Store, org: OrgRecord, as?: Principal): Promise<AlertRuleItem[]> {
  const [rules, reps, states, lastFired] = await Promise.all([
    readRules(store, org.id),
    loadReps(store.db, org.id),
    alertStatesOf(store.db, org.id),
    lastFiredOf(store.db, org.id),
  ]);
  const visible = rules.filter((rule) => canSeeRule(as, org, rule, reps));
  const byId = new Map(visible.map((rule) => [rule.id, rule]));
  const crossed = visible.flatMap((rule) =>
    [...(states.get(rule.id) ?? new Map())]
      .filter(([, state]) => state.crossed)
      .map(([subject]) => ({ ruleId: rule.id, subject })),
  );
  const seen = await subjectVisibility(store, org, as, reps, byId, crossed);
  return visible.map((rule) => ({
    id: rule.id,
    name: rule.name,
    condition: rule.condition,
    scope: formatScope(rule.scope),
    createTask: rule.createTask,
    recipients: rule.recipients,
    enabled: rule.enabled,
    crossed: crossed.filter((c) => c.ruleId === rule.id && seen(c)).map((c) => c.subject),
    lastFiredAt: lastFired.has(rule.id) ? iso(lastFired.get(rule.id)!) : null,
    createdBy: rule.createdBy,
    createdAt: iso(rule.createdAt),
    updatedAt: iso(rule.updatedAt),
  }));
}

export async function alertRuleItem(
  store: Store,
  org: OrgRecord,
  id: number,
  as?: Principal,
): Promise<AlertRuleItem> {
  const item = (await listAlertRules(store, org, as)).find((rule) => rule.id === id);
  if (!item) throw notFound('alert', id, 'id');
  return item;
}

export async function createAlertRule(
  store: Store,
  org: OrgRecord,
  input: AlertRuleInput,
  options: { as?: Principal | undefined; now?: number } = {},
): Promise<AlertRuleItem> {
  const reps = await loadReps(store.db, org.id);
  checkWrite(options.as, input, reps);
  await checkInput(store, org, input, reps);
  const row = await insertAlertRuleRow(
    store.db,
    org.id,
    valuesOf(input),
    options.as?.userId ?? null,
    options.now ?? Date.now(),
  );
  return alertRuleItem(store, org, row.id, options.as);
}

/** A rule `as` may change: 404 when they may not see it, 403 when they may not write it. */
async function editableRule(store: Store, org: OrgRecord, id: number, as: Principal | undefined) {
  const row = await findAlertRuleRow(store.db, org.id, id);
  const read = row && ruleOf(row);
  const reps = await loadReps(store.db, org.id);
  if (!read?.ok || !canSeeRule(as, org, read.rule, reps)) throw notFound('alert', id, 'id');
  checkWrite(as, inputOf(read.rule), reps);
  return { rule: read.rule, reps };
}

export async function updateAlertRule(
  store: Store,
  org: OrgRecord,
  id: number,
  patch: AlertRulePatch,
  options: { as?: Principal | undefined; now?: number } = {},
): Promise<AlertRuleItem> {
  const { rule, reps } = await editableRule(store, org, id, options.as);
  const merged: AlertRuleInput = { ...inputOf(rule) };
  // Only what was sent: an absent key keeps the stored value.
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  checkWrite(options.as, merged, reps);
  await checkInput(store, org, merged, reps);
  await updateAlertRuleRow(store.db, org.id, id, valuesOf(merged), options.now ?? Date.now());
  // A rule that watches something else starts afresh: its old crossings say nothing of the new condition.
  const watches = (r: AlertRuleInput) => JSON.stringify([r.condition, r.scope]);
  if (watches(merged) !== watches(inputOf(rule))) await clearAlertStates(store.db, id);
  return alertRuleItem(store, org, id, options.as);
}

export async function deleteAlertRule(
  store: Store,
  org: OrgRecord,
  id: number,
  options: { as?: Principal | undefined } = {},
): Promise<AlertRule> {
  const { rule } = await editableRule(store, org, id, options.as);
  await deleteAlertRuleRow(store.db, org.id, id);
  return rule;
}

const toEvent = (row: AlertEventRow, ruleName: string): AlertEventItem => ({
  id: row.id,
  ruleId: row.rule_id,
  ruleName,
  subject: row.subject,
  firedAt: iso(row.fired_at),
  title: row.title,
  message: row.message,
  value: row.value,
  link: row.link,
  taskId: row.task_id,
});

/** What fired, newest first, as far as `as` would have heard it. */
export async function listAlertEvents(
  store: Store,
  org: OrgRecord,
  options: { as?: Principal | undefined; limit?: number; ruleId?: number } = {},
): Promise<AlertEventItem[]> {
  const [rules, reps] = await Promise.all([readRules(store, org.id), loadReps(store.db, org.id)]);
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const rows = await listAlertEventRows(store.db, org.id, {
    limit: Math.min(options.limit ?? 200, 1000) * (options.as ? 4 : 1),
    ...(options.ruleId !== undefined ? { ruleIds: [options.ruleId] } : {}),
  });
  const pairs = rows.map((row) => ({ ruleId: row.rule_id, subject: row.subject }));
  const seen = await subjectVisibility(store, org, options.as, reps, byId, pairs);
  return rows
    .filter((row) => seen({ ruleId: row.rule_id, subject: row.subject }))
    .slice(0, options.limit ?? 200)
    .map((row) => toEvent(row, byId.get(row.rule_id)?.name ?? ''));
}
