import { z } from 'zod';
import { METRIC_KEYS } from '../kpis/definitions.ts';
import type { PACE_STATUSES } from './goals.ts';
import { canonicalScopeSchema } from './scope.ts';

/*
 * Alert rules (issue 14, docs/adr/0022). A rule fires once per crossing: it fires when its
 * condition becomes true for a subject, stays quiet while it stays true, and may fire again only
 * after it recovered. Every figure an alert states is a KPI-SPEC figure of the KPI report.
 */

export const ALERT_KINDS = ['threshold', 'change', 'target-status', 'inactivity', 'import'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The named period a KPI rule watches, to date (KPI-SPEC §3 `asof` = today in the org's zone). */
export const ALERT_PERIODS = ['week', 'month', 'quarter', 'year'] as const;
export const ALERT_COMPARISONS = ['previous', 'last-year'] as const;
/** What counts as activity for an inactivity rule. */
export const ACTIVITY_KINDS = ['deal-created', 'email-sent', 'any'] as const;
/** Statuses a target-status rule fires on (a subset of the pace statuses). */
export const WATCHED_STATUSES = [
  'at_risk',
  'off_track',
  'achieved',
  'missed',
] as const satisfies readonly (typeof PACE_STATUSES)[number][];

const metric = z.enum(METRIC_KEYS);

export const alertConditionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('threshold'),
    metric,
    period: z.enum(ALERT_PERIODS),
    operator: z.enum(['above', 'below']),
    /** In the metric's unit as the report gives it (money in major units, rates as fractions 0..1). */
    value: z.number().finite(),
  }),
  z.strictObject({
    kind: z.literal('change'),
    metric,
    period: z.enum(ALERT_PERIODS),
    against: z.enum(ALERT_COMPARISONS),
    /** Fires when the change is a fall ('down') or rise ('up') of at least `percent` (e.g. 10 = 10%). */
    direction: z.enum(['up', 'down']),
    percent: z.number().positive().finite(),
  }),
  z.strictObject({
    kind: z.literal('target-status'),
    /** A goal target's id, or null for every KPI target in the rule's scope. */
    targetId: z.number().int().positive().nullable(),
    statuses: z.array(z.enum(WATCHED_STATUSES)).min(1),
  }),
  z.strictObject({
    kind: z.literal('inactivity'),
    days: z.number().int().min(1).max(365),
    activity: z.enum(ACTIVITY_KINDS),
  }),
  z.strictObject({
    kind: z.literal('import'),
    /** Fires on a failed import, and on one that removed at least this many records (0: failures only). */
    removedAtLeast: z.number().int().min(0),
  }),
]);
export type AlertCondition = z.output<typeof alertConditionSchema>;

export const alertRecipientsSchema = z.strictObject({
  users: z.array(z.string().min(1)).max(200).default([]),
  teams: z.array(z.string().min(1)).max(200).default([]),
});

export const alertRuleInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  condition: alertConditionSchema,
  /** `org`, `team:<name>` or `rep:<id>`; inactivity rules over `org`/`team:` watch each rep in it. */
  scope: canonicalScopeSchema.default('org'),
  createTask: z.boolean().default(false),
  recipients: alertRecipientsSchema.default({ users: [], teams: [] }),
  enabled: z.boolean().default(true),
});
export type AlertRuleInput = z.output<typeof alertRuleInputSchema>;
/**
 * PATCH: only the fields sent change. Built without the input's defaults, which `.partial()` would
 * keep applying (a patch of `enabled` alone must not reset the scope to `org`).
 */
export const alertRulePatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  condition: alertConditionSchema.optional(),
  scope: canonicalScopeSchema.optional(),
  createTask: z.boolean().optional(),
  recipients: z
    .strictObject({ users: z.array(z.string().min(1)).max(200), teams: z.array(z.string().min(1)).max(200) })
    .optional(),
  enabled: z.boolean().optional(),
});
export type AlertRulePatch = z.output<typeof alertRulePatchSchema>;

export interface AlertRuleItem {
  id: number;
  name: string;
  condition: AlertCondition;
  scope: string;
  createTask: boolean;
  recipients: { users: string[]; teams: string[] };
  enabled: boolean;
  /** Subjects crossed now (they fire again only after recovering). */
  crossed: string[];
  lastFiredAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AlertEventItem {
  id: number;
  ruleId: number;
  ruleName: string;
  subject: string;
  firedAt: string;
  title: string;
  message: string;
  value: number | null;
  /** App path of the drill-down behind it, e.g. `/?period=2026-12&scope=team:Jakarta&drill=churn_rate`. */
  link: string;
  taskId: number | null;
}

/** What fired (or, in a dry run, would fire) in one evaluation: the engine's answer. */
export interface FiredAlert {
  ruleId: number;
  ruleName: string;
  kind: AlertKind;
  subject: string;
  title: string;
  message: string;
  value: number | null;
  link: string;
  /** The user ids told (notification centre and their channels). */
  recipients: string[];
  /** The task made for it (createTask), null otherwise or in a dry run. */
  taskId: number | null;
  /** Its entry in the event log; null in a dry run. */
  eventId: number | null;
}

/** POST /alerts/check */
export const alertCheckSchema = z.strictObject({ dryRun: z.boolean().default(false) });
