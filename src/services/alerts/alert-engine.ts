import { crossingOf, importCrossed } from '../../core/alerts/alert-checks.ts';
import { type AlertAudience, type AlertMember, alertRecipients } from '../../core/alerts/alert-recipients.ts';
import { IMPORTS_LINK, importText } from '../../core/alerts/alert-texts.ts';
import { formatEpochDay } from '../../core/calendar-date.ts';
import type { FiredAlert } from '../../core/contracts/alerts.ts';
import type { ImportJob } from '../../core/contracts/imports.ts';
import type { NotificationInput } from '../../core/contracts/notifications.ts';
import type { OutboundEvent } from '../../core/contracts/webhooks.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import { localEpochDay } from '../../core/time-zone.ts';
import { runExclusive } from '../../db/advisory-lock.ts';
import {
  type AlertStateChange,
  alertStatesOf,
  insertAlertEvent,
  listAlertRuleRows,
  markAlertRulesChecked,
  orgsWithAlertRules,
  putAlertStates,
} from '../../db/alert-rules-repo.ts';
import type { Store } from '../../db/database.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { listMembers } from '../../db/members-repo.ts';
import { findOrg, type OrgRecord } from '../../db/org-repo.ts';
import { createTask } from '../goals/tasks-service.ts';
import type { ImportJobEnd } from '../imports/import-jobs.ts';
import { runIfDue } from '../schedule/job-clock.ts';
import { type Finding, findingsOf } from './alert-findings.ts';
import { type AlertRule, ruleOf } from './alert-rule-model.ts';

export interface AlertEngineOptions {
  store: Store;
  notify(input: NotificationInput): Promise<void>;
  emit(event: OutboundEvent): Promise<void>;
  onError(error: unknown, message: string): void;
  now?: () => number;
  /** How often the scheduled evaluation runs (ms); default 5 minutes. */
  intervalMs?: number;
  /** How long a data change waits for more before the rules are evaluated (ms); default 300. */
  debounceMs?: number;
}

export interface EvaluateOptions {
  trigger?: 'data' | 'schedule' | 'manual';
  /** Decide and word what would fire, writing and telling nothing. */
  dryRun?: boolean;
}

const DEFAULT_INTERVAL_MS = 5 * 60_000;

/**
 * Evaluates alert rules (docs/alerts.md): after every data change (debounced), on a schedule, after
 * an import and on request. Each (rule, subject) fires once per crossing (core/alerts/alert-checks.ts
 * crossingOf): the state is kept in alert_states, so a restart or another server does not fire it
 * again; evaluation of an organisation runs under an advisory lock, once across servers. A fired
 * alert is logged, may make a task, and is handed to the notifier and the webhooks.
 */
export class AlertEngine {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /** Per organisation: the evaluation running, and whether a change came in meanwhile. */
  private readonly running = new Map<number, { promise: Promise<unknown>; again: boolean }>();
  private interval: NodeJS.Timeout | null = null;
  private ticking: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly options: AlertEngineOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Evaluates the organisation's rules now; returns what fired (or would fire, in a dry run). */
  async evaluateOrg(orgId: number, options: EvaluateOptions = {}): Promise<FiredAlert[]> {
    const outcome = await runExclusive(this.options.store, `alerts:${orgId}`, () =>
      this.evaluate(orgId, options.dryRun === true),
    );
    // Another server (or this one) is evaluating the same organisation: it fires what there is.
    return outcome.ran ? outcome.value : [];
  }

  private async evaluate(orgId: number, dryRun: boolean): Promise<FiredAlert[]> {
    const { store } = this.options;
    const org = await findOrg(store.db, orgId);
    if (!org) return [];
    const rules = await this.rulesOf(orgId);
    const watched = rules.filter((rule) => rule.condition.kind !== 'import');
    if (watched.length === 0) return [];
    const now = this.now();
    const today = localEpochDay(now, org.timezone);
    const [reps, states] = await Promise.all([loadReps(store.db, orgId), alertStatesOf(store.db, orgId)]);
    const findings = await findingsOf(store, org, watched, reps, today, now);
    const changes: AlertStateChange[] = [];
    const firing: Finding[] = [];
    for (const finding of findings) {
      const was = states.get(finding.rule.id)?.get(finding.subject)?.crossed;
      const crossing = crossingOf(was, finding.crossed);
      if (crossing === 'fire' || crossing === 'recovered') {
        changes.push({
          ruleId: finding.rule.id,
          subject: finding.subject,
          crossed: finding.crossed,
          value: finding.value,
        });
      }
      if (crossing === 'fire') firing.push(finding);
    }
    if (dryRun) {
      const members = firing.length > 0 ? await this.membersOf(orgId) : [];
      return firing.map((finding) => this.describe(finding, org, reps, members, null, null));
    }
    await putAlertStates(store.db, changes, now);
    await markAlertRulesChecked(
      store.db,
      orgId,
      watched.map((rule) => rule.id),
      now,
    );
    return this.fire(org, reps, firing, now, today);
  }

  private async rulesOf(orgId: number): Promise<AlertRule[]> {
    const rules: AlertRule[] = [];
    for (const row of await listAlertRuleRows(this.options.store.db, orgId, { enabledOnly: true })) {
      const read = ruleOf(row);
      if (read.ok) rules.push(read.rule);
      else
        this.options.onError(new Error(read.reason), `alert rule ${read.id} is unreadable and was skipped`);
    }
    return rules;
  }

  private async membersOf(orgId: number): Promise<AlertMember[]> {
    return (await listMembers(this.options.store.db, orgId)).map((m) => ({
      userId: m.userId,
      email: m.email,
      name: m.name,
      role: m.role,
      repId: m.repId,
      teams: m.teams,
    }));
  }

  private describe(
    finding: Finding,
    org: OrgRecord,
    reps: readonly RepInfo[],
    members: readonly AlertMember[],
    taskId: number | null,
    eventId: number | null,
  ): FiredAlert {
    const { rule } = finding;
    const text = finding.text();
    const audience: AlertAudience = {
      orgId: org.id,
      scope: rule.scope,
      subjectRep: finding.subjectRep,
      adminsOnly: rule.condition.kind === 'import',
      ...(finding.privateTo !== undefined ? { privateTo: finding.privateTo } : {}),
      createdBy: rule.createdBy,
      recipients: rule.recipients,
    };
    return {
      ruleId: rule.id,
      ruleName: rule.name,
      kind: rule.condition.kind,
      subject: finding.subject,
      title: text.title,
      message: text.message,
      value: finding.value,
      link: finding.link,
      recipients: alertRecipients(members, reps, org, audience),
      taskId,
      eventId,
    };
  }

  /** Logs each firing, makes its task, and tells its recipients and the webhooks. */
  private async fire(
    org: OrgRecord,
    reps: readonly RepInfo[],
    firing: readonly Finding[],
    now: number,
    today: number,
  ): Promise<FiredAlert[]> {
    if (firing.length === 0) return [];
    const { store } = this.options;
    const members = await this.membersOf(org.id);
    const fired: FiredAlert[] = [];
    for (const finding of firing) {
      const draft = this.describe(finding, org, reps, members, null, null);
      let taskId: number | null = null;
      if (finding.task) {
        try {
          const task = await createTask(
            store,
            org,
            {
              title: draft.title.slice(0, 500),
              type: 'todo',
              status: 'open',
              assignee_rep_id: finding.task.assignee,
              due_date: formatEpochDay(today),
              target_id: finding.task.targetId,
            },
            { now, today },
          );
          taskId = task.id;
        } catch (error) {
          this.options.onError(error, `alert rule ${finding.rule.id} could not create its task`);
        }
      }
      const eventId = await insertAlertEvent(store.db, {
        org_id: org.id,
        rule_id: finding.rule.id,
        subject: finding.subject,
        fired_at: now,
        title: draft.title,
        message: draft.message,
        value: draft.value,
        link: draft.link,
        task_id: taskId,
      });
      const alert = { ...draft, taskId, eventId };
      fired.push(alert);
      await this.tell(org.id, alert);
    }
    return fired;
  }

  private async tell(orgId: number, alert: FiredAlert): Promise<void> {
    if (alert.recipients.length > 0) {
      try {
        await this.options.notify({
          orgId,
          userIds: alert.recipients,
          kind: 'alert',
          title: alert.title,
          body: alert.message,
          link: alert.link,
        });
      } catch (error) {
        this.options.onError(error, `alert "${alert.title}" could not be delivered`);
      }
    }
    try {
      await this.options.emit({
        orgId,
        event: 'alert.fired',
        data: {
          rule: { id: alert.ruleId, name: alert.ruleName },
          subject: alert.subject,
          title: alert.title,
          message: alert.message,
          value: alert.value,
          link: alert.link,
        },
      });
    } catch (error) {
      this.options.onError(error, `alert "${alert.title}" could not be sent to webhooks`);
    }
  }

  /**
   * An import ended: import rules fire for a failed one, or one that removed at least their count.
   * Only the server that ran the import hears it, so no lock is taken; each import is a subject of
   * its own, so it fires once.
   */
  async afterImport(orgId: number, job: ImportJob, end: ImportJobEnd): Promise<FiredAlert[]> {
    const { store } = this.options;
    // The import's new data version: KPI rules follow it even when no page listens (the server's
    // live poller reports a version only once it knew the one before).
    if (end.result?.ok && end.result.changed) this.dataChanged(orgId);
    const rules = (await this.rulesOf(orgId)).filter((rule) => rule.condition.kind === 'import');
    if (rules.length === 0 || end.status === 'cancelled') return [];
    const org = await findOrg(store.db, orgId);
    if (!org) return [];
    const failed = end.status === 'failed';
    const removed = end.result ? Object.values(end.result.removed ?? {}).reduce((sum, n) => sum + n, 0) : 0;
    const reason = end.result === null ? end.message : (end.result.errors[0]?.message ?? null);
    const importId = end.result?.importId ?? job.id;
    const subject = `import:${importId}`;
    const now = this.now();
    const states = await alertStatesOf(store.db, orgId);
    const firing: Finding[] = [];
    for (const rule of rules) {
      if (rule.condition.kind !== 'import') continue;
      const crossed = importCrossed(failed, removed, rule.condition.removedAtLeast);
      if (crossingOf(states.get(rule.id)?.get(subject)?.crossed, crossed) !== 'fire') continue;
      firing.push({
        rule,
        subject,
        crossed,
        value: failed ? null : removed,
        link: IMPORTS_LINK,
        subjectRep: null,
        text: () => importText({ importId, source: job.source, failed, reason, removed }),
        task: null,
      });
    }
    await putAlertStates(
      store.db,
      firing.map((f) => ({ ruleId: f.rule.id, subject, crossed: true, value: f.value })),
      now,
    );
    return this.fire(org, await loadReps(store.db, orgId), firing, now, localEpochDay(now, org.timezone));
  }

  /** A new data version: evaluate soon, once for a burst of changes, and again if one came mid-way. */
  dataChanged(orgId: number): void {
    if (this.stopped) return;
    const current = this.running.get(orgId);
    if (current) {
      current.again = true;
      return;
    }
    clearTimeout(this.timers.get(orgId));
    const timer = setTimeout(() => {
      this.timers.delete(orgId);
      this.runFor(orgId);
    }, this.options.debounceMs ?? 300);
    timer.unref();
    this.timers.set(orgId, timer);
  }

  private runFor(orgId: number): void {
    const entry = { promise: Promise.resolve() as Promise<unknown>, again: false };
    entry.promise = this.evaluateOrg(orgId, { trigger: 'data' })
      .catch((error) =>
        this.options.onError(error, `alert rules of organisation ${orgId} could not be evaluated`),
      )
      .finally(() => {
        this.running.delete(orgId);
        if (entry.again) this.dataChanged(orgId);
      });
    this.running.set(orgId, entry);
  }

  /** Every `intervalMs`, each organisation with rules is evaluated once across servers (runIfDue). */
  start(): void {
    if (this.interval) return;
    this.stopped = false;
    const every = this.options.intervalMs ?? DEFAULT_INTERVAL_MS;
    const tick = () => {
      if (this.ticking) return;
      this.ticking = this.tick(every).finally(() => {
        this.ticking = null;
      });
    };
    this.interval = setInterval(tick, Math.min(every, 60_000));
    this.interval.unref();
    tick();
  }

  private async tick(every: number): Promise<void> {
    try {
      for (const orgId of await orgsWithAlertRules(this.options.store.db)) {
        if (this.stopped) return;
        await runIfDue(
          this.options.store,
          `alerts:${orgId}`,
          (instant) => instant + every,
          this.now(),
          async () => {
            const fired = await this.evaluateOrg(orgId, { trigger: 'schedule' });
            return { status: 'succeeded', message: `${fired.length} alert(s) fired` };
          },
        );
      }
    } catch (error) {
      this.options.onError(error, 'scheduled alert evaluation failed');
    }
  }

  /** Stops the schedule and pending evaluations, and waits for those running. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...[...this.running.values()].map((r) => r.promise), this.ticking]);
  }
}
