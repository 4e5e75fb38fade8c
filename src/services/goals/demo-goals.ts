import { firstOfMonth, lastOfMonth, partsFromEpochDay } from '../../core/calendar-date.ts';
import type { TargetCreate, TaskCreate } from '../../core/contracts/goals.ts';
import { periodLabel } from '../../core/goals/period-names.ts';
import { startOfLocalDay } from '../../core/time-zone.ts';
import type { Store } from '../../db/database.ts';
import { listGoalRows } from '../../db/goals-repo.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { findQuotaRow } from '../../db/quotas-repo.ts';
import { dayText } from './goal-clock.ts';
import { createFolder, createGoal } from './goals-service.ts';
import { recordTargetValue } from './targets-service.ts';
import { createTask, updateTask } from './tasks-service.ts';

/**
 * A few goals a sales director of the demo company would set for the running quarter, so the goals
 * page and the goal map look alive on first start: a growth goal with KPI, number and tasks targets
 * and a history of updates, a churn ceiling, a hiring checklist, and tasks — some done, some
 * overdue. Everything is derived from `today`, so the same demo gives the same goals.
 */
export async function createDemoGoals(store: Store, org: OrgRecord, today: number): Promise<number> {
  if ((await listGoalRows(store.db, org.id, { kind: 'user' })).length > 0) return 0;
  const reps = await loadReps(store.db, org.id);
  const repNamed = (name: string) => reps.find((rep) => rep.name === name)?.id ?? null;
  const team = (name: string) => reps.filter((rep) => rep.team === name).map((rep) => rep.id);
  const jakarta = team('Jakarta');
  const surabaya = team('Surabaya');
  if (jakarta.length === 0 || surabaya.length === 0) return 0;
  const head = repNamed('Bambang Hartono');
  // Instants at a working hour of a day relative to today, in the organisation's zone.
  const at = (daysAgo: number, hour = 10) =>
    startOfLocalDay(today - daysAgo, org.timezone) + hour * 3_600_000;
  const clock = (daysAgo: number) => ({ today, now: at(daysAgo) });

  const { year, month } = partsFromEpochDay(today);
  const firstMonth = Math.floor((month - 1) / 3) * 3 + 1;
  const quarter = { from: firstOfMonth(year, firstMonth), to: lastOfMonth(year, firstMonth + 2) };
  const label = periodLabel(quarter, org.fiscal_year_start_month);
  const q = `Q${(firstMonth + 2) / 3}`;
  const start = dayText(quarter.from);
  const due = dayText(quarter.to);
  const elapsed = today - quarter.from;

  // The quota targets.csv set for the quarter, made the target explicitly; without one, a value of
  // the goal's own — the demo never writes a company quota.
  const quota = async (scope: string, metric: string, fallback: number) =>
    (await findQuotaRow(store.db, org.id, { scope, metric, period_start: start, period_end: due }))
      ? { is_quota: true }
      : { target_value: fallback };

  const folder = await createFolder(store, org, { name: label }, clock(elapsed));
  const goal = (
    name: string,
    description: string,
    shares: string[],
    targets: TargetCreate[],
    owner: string | null = head,
  ) =>
    createGoal(
      store,
      org,
      {
        name,
        description,
        folder_id: folder.id,
        owner_rep_id: owner,
        start_date: start,
        due_date: due,
        shares,
        targets,
      },
      clock(elapsed),
    );

  const grow = await goal(
    `${q}: grow the Jakarta team`,
    'More pipeline and more partners for Jakarta, paced over the quarter.',
    ['team:Jakarta'],
    [
      // The team's revenue quota from targets.csv: the goal reads that very row.
      {
        kind: 'kpi',
        name: 'Jakarta revenue quota',
        metric: 'revenue',
        scope: 'team:Jakarta',
        weight: 2,
        ...(await quota('team:Jakarta', 'revenue', 3_000_000_000)),
      },
      {
        kind: 'kpi',
        name: 'New opportunities',
        metric: 'new_opportunities',
        scope: 'team:Jakarta',
        target_value: 150,
      },
      { kind: 'number', name: 'New reseller partnerships signed', start_value: 0, target_value: 6 },
      { kind: 'tasks', name: 'Key-account visits done' },
    ],
  );
  const [, , partnerships, visits] = grow.value.targets;
  for (const [daysAgo, value, by, note] of [
    [Math.min(elapsed, 41), 1, 'Budi Santoso', 'Toko Buku Gramedia Kemang'],
    [Math.min(elapsed, 24), 2, 'Siti Rahmawati', 'Mitra Kantor Bekasi'],
    [Math.min(elapsed, 6), 4, 'Bambang Hartono', 'two regional distributors in one week'],
  ] as const) {
    await recordTargetValue(
      store,
      org,
      grow.value.id,
      partnerships!.id,
      { value, note, updated_by: by },
      clock(daysAgo),
    );
  }

  await goal(
    `${q}: keep our customers`,
    'Churn stays under 3% while we grow.',
    ['org'],
    [
      {
        kind: 'kpi',
        name: 'Churn at most 3%',
        metric: 'churn_rate',
        scope: 'org',
        direction: 'at_most',
        target_value: 0.03,
      },
      {
        kind: 'kpi',
        name: 'Email open rate at least 35%',
        metric: 'email_open_rate',
        scope: 'org',
        target_value: 0.35,
      },
    ],
  );

  const hiring = await goal(
    `${q}: Surabaya back to full strength`,
    'Surabaya lost a rep this year; hire, ramp up and win deals again.',
    ['team:Surabaya'],
    [
      { kind: 'boolean', name: 'Hire a second Surabaya rep' },
      { kind: 'boolean', name: 'Onboarding plan for the new rep written', done: true },
      {
        kind: 'kpi',
        name: 'Surabaya deals won',
        metric: 'deals_won',
        scope: 'team:Surabaya',
        ...(await quota('team:Surabaya', 'deals_won', 60)),
      },
    ],
    repNamed('Agus Setiawan') ?? head,
  );

  // Tasks: due around today, assigned to the reps who would do them; a few done, a few overdue.
  const deals = await store.db
    .selectFrom('deals')
    .select(['id', 'owner_rep_id', 'account_id'])
    .where('org_id', '=', org.id)
    .where('status', '=', 'open')
    .where('owner_rep_id', 'in', jakarta)
    .orderBy('id')
    .limit(6)
    .execute();
  const deal = (i: number) => deals[i % Math.max(1, deals.length)];
  const plan: { title: string; type: TaskCreate['type']; due_date: string; doneDaysAgo?: number }[] = [
    {
      title: 'Visit PT Sinar Jaya procurement',
      type: 'meeting',
      due_date: dayText(today - 12),
      doneDaysAgo: 13,
    },
    {
      title: 'Quarterly review with Kantorku',
      type: 'meeting',
      due_date: dayText(today - 5),
      doneDaysAgo: 5,
    },
    { title: 'Demo the new paper range at Bina Niaga', type: 'meeting', due_date: dayText(today - 3) },
    { title: 'Visit the three largest Kemang accounts', type: 'meeting', due_date: dayText(today + 4) },
    { title: 'Visit Cikarang warehouse client', type: 'meeting', due_date: dayText(today + 11) },
    { title: 'Call back about the toner tender', type: 'call', due_date: dayText(today - 2) },
    { title: 'Send the Q-end price list', type: 'email', due_date: dayText(today + 1) },
    { title: 'Follow up on the open quote', type: 'call', due_date: dayText(today - 8), doneDaysAgo: 7 },
    { title: 'Shortlist candidates for Surabaya', type: 'todo', due_date: dayText(today + 6) },
  ];
  const tasks: (TaskCreate & { doneDaysAgo?: number })[] = plan.map((task, i) => {
    const linked = deal(i);
    const assignee =
      i === 8
        ? (repNamed('Agus Setiawan') ?? surabaya[0]!)
        : (linked?.owner_rep_id ?? jakarta[i % jakarta.length]!);
    return {
      ...task,
      status: 'open' as const,
      assignee_rep_id: assignee,
      target_id: i < 5 ? visits!.id : i === 8 ? hiring.value.targets[0]!.id : null,
      deal_id: i >= 5 && i < 8 ? (linked?.id ?? null) : null,
      account_id: i < 5 ? (linked?.account_id ?? null) : null,
    };
  });
  for (const { doneDaysAgo, ...task } of tasks) {
    const created = await createTask(store, org, task, clock(Math.min(elapsed, 20)));
    if (doneDaysAgo !== undefined) {
      await updateTask(store, org, created.id, { status: 'done' }, clock(doneDaysAgo));
    }
  }
  return 3;
}
