import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Derived columns and the daily rollup, kept current by the importer inside its transaction.
 * "Touched" rows are those written by the import plus rows named by old values of updated deals.
 */

const IN_CHUNK = 1000;

function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface InstantRange {
  min: number;
  max: number;
}

/** Leads written by this import, linked by a deal it wrote, or named in `extra`. */
function touchedLeads(orgId: number, importId: number, extra: readonly string[]) {
  return (eb: ExpressionBuilder<Database, 'leads'>) =>
    eb.or([
      eb('leads.import_id', '=', importId),
      eb(
        'leads.id',
        'in',
        eb
          .selectFrom('deals')
          .select('deals.lead_id')
          .where('deals.org_id', '=', orgId)
          .where('deals.import_id', '=', importId)
          .where('deals.lead_id', 'is not', null),
      ),
      ...(extra.length > 0 ? [eb('leads.id', 'in', extra as string[])] : []),
    ]);
}

/** Recomputes has_deal and first_won_at of touched leads; returns the span of their created_at. */
export async function refreshLeadLinks(
  db: Kysely<Database>,
  orgId: number,
  importId: number,
  extraLeadIds: readonly string[],
): Promise<InstantRange | null> {
  let range: InstantRange | null = null;
  for (const extra of extraLeadIds.length > 0 ? chunks(extraLeadIds) : [[]]) {
    await db
      .updateTable('leads')
      .set((eb) => ({
        has_deal: eb
          .case()
          .when(
            eb.exists(
              eb
                .selectFrom('deals as d')
                .select('d.id')
                .whereRef('d.org_id', '=', 'leads.org_id')
                .whereRef('d.lead_id', '=', 'leads.id'),
            ),
          )
          .then(1)
          .else(0)
          .end(),
        first_won_at: eb
          .selectFrom('deals as d')
          .select((s) => s.fn.min<number | null>('d.closed_at').as('first'))
          .whereRef('d.org_id', '=', 'leads.org_id')
          .whereRef('d.lead_id', '=', 'leads.id')
          .where('d.status', '=', 'won'),
      }))
      .where('leads.org_id', '=', orgId)
      .where(touchedLeads(orgId, importId, extra))
      .execute();
    const span = await db
      .selectFrom('leads')
      .select((eb) => [
        eb.fn.min<number>('leads.created_at').as('lo'),
        eb.fn.max<number>('leads.created_at').as('hi'),
      ])
      .where('leads.org_id', '=', orgId)
      .where(touchedLeads(orgId, importId, extra))
      .executeTakeFirst();
    if (span?.lo != null && span.hi != null) {
      range = range
        ? { min: Math.min(range.min, span.lo), max: Math.max(range.max, span.hi) }
        : { min: span.lo, max: span.hi };
    }
  }
  return range;
}

/** Recomputes effective_acquired_at (acquired_at, else the earliest won deal's close) of touched accounts. */
export async function refreshEffectiveAcquired(
  db: Kysely<Database>,
  orgId: number,
  importId: number,
  extraAccountIds: readonly string[],
): Promise<void> {
  const batches = extraAccountIds.length > 0 ? chunks(extraAccountIds) : [[]];
  for (const extra of batches) {
    await db
      .updateTable('accounts')
      .set((eb) => ({
        effective_acquired_at: eb.fn.coalesce(
          'acquired_at',
          eb
            .selectFrom('deals as d')
            .select((s) => s.fn.min<number | null>('d.closed_at').as('first'))
            .whereRef('d.org_id', '=', 'accounts.org_id')
            .whereRef('d.account_id', '=', 'accounts.id')
            .where('d.status', '=', 'won'),
        ),
      }))
      .where('org_id', '=', orgId)
      .where((eb) =>
        eb.or([
          eb('import_id', '=', importId),
          eb(
            'id',
            'in',
            eb
              .selectFrom('deals')
              .select('account_id')
              .where('org_id', '=', orgId)
              .where('import_id', '=', importId)
              .where('account_id', 'is not', null),
          ),
          ...(extra.length > 0 ? [eb('id', 'in', extra as string[])] : []),
        ]),
      )
      .execute();
  }
}

export interface ChurnViolation {
  id: string;
  import_id: number;
  source_line: number;
  churned_at: number;
  effective_acquired_at: number | null;
  /** Line in this import's deals.csv of a deal of the account, when the account itself was not imported. */
  deal_line: number | null;
}

/** Accounts whose churned_at is not after their effective acquisition (or that are not customers). */
export async function findChurnViolations(
  db: Kysely<Database>,
  orgId: number,
  importId: number,
): Promise<ChurnViolation[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .select((eb) => [
      'a.id',
      'a.import_id',
      'a.source_line',
      'a.churned_at',
      'a.effective_acquired_at',
      eb
        .selectFrom('deals as d')
        .select((s) => s.fn.min<number>('d.source_line').as('line'))
        .whereRef('d.org_id', '=', 'a.org_id')
        .whereRef('d.account_id', '=', 'a.id')
        .where('d.import_id', '=', importId)
        .as('deal_line'),
    ])
    .where('a.org_id', '=', orgId)
    .where('a.churned_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('a.effective_acquired_at', 'is', null),
        eb('a.churned_at', '<=', eb.ref('a.effective_acquired_at')),
      ]),
    )
    .limit(200)
    .execute();
  return rows.map((row) => ({ ...row, churned_at: row.churned_at ?? 0, deal_line: row.deal_line ?? null }));
}

/** Makes sure the calendar holds every local day in [fromDay, toDay]. */
export async function ensureCalendar(
  db: Kysely<Database>,
  orgId: number,
  fromDay: number,
  toDay: number,
  startOfDay: (epochDay: number) => number,
): Promise<void> {
  const span = await db
    .selectFrom('calendar')
    .select((eb) => [eb.fn.min<number>('day').as('lo'), eb.fn.max<number>('day').as('hi')])
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  const lo = span?.lo ?? null;
  const hi = span?.hi ?? null;
  const missing: number[] = [];
  if (lo === null || hi === null) {
    for (let d = fromDay; d <= toDay; d++) missing.push(d);
  } else {
    for (let d = fromDay; d < lo; d++) missing.push(d);
    for (let d = hi + 1; d <= toDay; d++) missing.push(d);
  }
  for (const part of chunks(missing, 500)) {
    await db
      .insertInto('calendar')
      .values(
        part.map((day) => ({ org_id: orgId, day, start_ms: startOfDay(day), end_ms: startOfDay(day + 1) })),
      )
      .execute();
  }
}

export async function clearCalendar(db: Kysely<Database>, orgId: number): Promise<void> {
  await db.deleteFrom('calendar').where('org_id', '=', orgId).execute();
}

/** Recomputes the daily rollup for the local days [fromDay, toDay] from the fact tables. */
export async function rebuildDailyFacts(
  db: Kysely<Database>,
  orgId: number,
  fromDay: number,
  toDay: number,
): Promise<void> {
  await db
    .deleteFrom('daily_facts')
    .where('org_id', '=', orgId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .execute();
  // The calendar is the outer loop (CROSS JOIN fixes the order in SQLite): one index range scan
  // per day over covering indexes, instead of a day computation per fact row.
  const days = sql`calendar c CROSS JOIN`;
  const inDays = sql`c.org_id = ${orgId} AND c.day >= ${fromDay} AND c.day <= ${toDay}`;
  await sql`
    INSERT INTO daily_facts (org_id, day, rep_id, deals_created, deals_won, revenue, units, cycle_ms,
      emails_sent, emails_delivered, emails_opened, leads_created, leads_with_deal, leads_won, lead_conversion_ms)
    SELECT ${orgId}, day, rep_id, sum(deals_created), sum(deals_won), sum(revenue), sum(units), sum(cycle_ms),
      sum(emails_sent), sum(emails_delivered), sum(emails_opened),
      sum(leads_created), sum(leads_with_deal), sum(leads_won), sum(lead_conversion_ms)
    FROM (
      SELECT c.day AS day, coalesce(d.owner_rep_id, '') AS rep_id, count(*) AS deals_created,
        0 AS deals_won, 0 AS revenue, 0 AS units, 0 AS cycle_ms, 0 AS emails_sent, 0 AS emails_delivered,
        0 AS emails_opened, 0 AS leads_created, 0 AS leads_with_deal, 0 AS leads_won, 0 AS lead_conversion_ms
      FROM ${days} deals d
      WHERE ${inDays} AND d.org_id = ${orgId} AND d.created_at >= c.start_ms AND d.created_at < c.end_ms
      GROUP BY c.day, d.owner_rep_id
      UNION ALL
      SELECT c.day, coalesce(d.owner_rep_id, ''), 0, count(*), sum(d.amount), sum(d.units),
        sum(d.closed_at - d.created_at), 0, 0, 0, 0, 0, 0, 0
      FROM ${days} deals d
      WHERE ${inDays} AND d.org_id = ${orgId} AND d.status = 'won'
        AND d.closed_at >= c.start_ms AND d.closed_at < c.end_ms
      GROUP BY c.day, d.owner_rep_id
      UNION ALL
      SELECT c.day, coalesce(e.rep_id, ''), 0, 0, 0, 0, 0, count(*),
        sum(CASE WHEN e.bounced = 0 THEN 1 ELSE 0 END),
        sum(CASE WHEN e.bounced = 0 AND e.opened_at IS NOT NULL THEN 1 ELSE 0 END), 0, 0, 0, 0
      FROM ${days} emails e
      WHERE ${inDays} AND e.org_id = ${orgId} AND e.sent_at >= c.start_ms AND e.sent_at < c.end_ms
      GROUP BY c.day, e.rep_id
      UNION ALL
      SELECT c.day, coalesce(l.owner_rep_id, ''), 0, 0, 0, 0, 0, 0, 0, 0, count(*), sum(l.has_deal),
        sum(CASE WHEN l.first_won_at IS NOT NULL THEN 1 ELSE 0 END),
        sum(CASE WHEN l.first_won_at IS NOT NULL THEN l.first_won_at - l.created_at ELSE 0 END)
      FROM ${days} leads l
      WHERE ${inDays} AND l.org_id = ${orgId} AND l.created_at >= c.start_ms AND l.created_at < c.end_ms
      GROUP BY c.day, l.owner_rep_id
    ) x
    GROUP BY day, rep_id
  `.execute(db);
}
