import {
  ALL_REPS,
  assertScopeVisible,
  canSeeRep,
  type RepVisibility,
  visibleOwners,
} from '../../core/access/visibility.ts';
import { MS_PER_DAY } from '../../core/calendar-date.ts';
import type { DrilldownColumn, DrilldownResponse } from '../../core/contracts/api.ts';
import { invalid } from '../../core/errors.ts';
import { type Localized, METRICS, type MetricKey, type TargetMetric } from '../../core/kpis/definitions.ts';
import { type RepInfo, repFte } from '../../core/kpis/report.ts';
import { targetSources } from '../../core/kpis/target-sources.ts';
import { currencyDigits, minorToMajor } from '../../core/money.ts';
import { type DayRange, previousPeriod, rangeInstants, toPeriodText } from '../../core/periods.ts';
import { parseScope, type ResolvedScope, type Scope } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import * as drill from '../../db/drilldown-repo.ts';
import { loadQuotas, loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { kpiScopeOf } from './kpi-scope.ts';

type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;

const col = (key: string, en: string, id: string, type: DrilldownColumn['type']): DrilldownColumn => ({
  key,
  label: { en, id },
  type,
});

const C = {
  id: col('id', 'ID', 'ID', 'text'),
  name: col('name', 'Name', 'Nama', 'text'),
  owner: col('owner', 'Rep', 'Tenaga penjual', 'text'),
  account: col('account_id', 'Account', 'Akun', 'text'),
  status: col('status', 'Status', 'Status', 'text'),
  stage: col('stage', 'Stage', 'Tahap', 'text'),
  createdAt: col('created_at', 'Created', 'Dibuat', 'instant'),
  closedAt: col('closed_at', 'Closed', 'Ditutup', 'instant'),
  amount: col('amount', 'Amount', 'Nilai', 'money'),
  units: col('units', 'Units', 'Unit', 'count'),
  cycle: col('cycle_days', 'Sales cycle', 'Siklus penjualan', 'days'),
  source: col('source', 'Source', 'Sumber', 'text'),
  hasDeal: col('has_deal', 'Has a deal', 'Punya deal', 'boolean'),
  firstWonAt: col('first_won_at', 'First won', 'Pertama menang', 'instant'),
  conversion: col('conversion_days', 'Conversion time', 'Waktu konversi', 'days'),
  campaign: col('campaign', 'Campaign', 'Kampanye', 'text'),
  sentAt: col('sent_at', 'Sent', 'Dikirim', 'instant'),
  bounced: col('bounced', 'Bounced', 'Memantul', 'boolean'),
  openedAt: col('opened_at', 'Opened', 'Dibuka', 'instant'),
  acquiredAt: col('acquired_at', 'Acquired', 'Diakuisisi', 'instant'),
  churnedAt: col('churned_at', 'Churned', 'Berhenti', 'instant'),
  activeStart: col('active_at_start', 'Customer at start', 'Pelanggan di awal', 'boolean'),
  activeEnd: col('active_at_end', 'Customer at end', 'Pelanggan di akhir', 'boolean'),
  date: col('date', 'Date', 'Tanggal', 'date'),
  category: col('category', 'Category', 'Kategori', 'text'),
  note: col('note', 'Note', 'Catatan', 'text'),
  scope: col('scope', 'Scope', 'Cakupan', 'text'),
  metric: col('metric', 'Metric', 'Metrik', 'text'),
  periodStart: col('period_start', 'Target from', 'Target dari', 'date'),
  periodEnd: col('period_end', 'Target to', 'Target sampai', 'date'),
  overlap: col('overlap_days', 'Days in period', 'Hari dalam periode', 'count'),
  team: col('team', 'Team', 'Tim', 'text'),
  startedOn: col('started_on', 'Started', 'Mulai', 'date'),
  endedOn: col('ended_on', 'Ended', 'Berakhir', 'date'),
  fte: col('fte', 'FTE in period', 'FTE dalam periode', 'number'),
};

interface DrillInput {
  store: Store;
  org: OrgRecord;
  range: DayRange;
  /** The period the report compares with (cut like the period when it is to date). */
  previous: DayRange;
  /** The scope with its owners and reps narrowed to those the reader may see. */
  scope: ResolvedScope<RepInfo>;
  reps: RepInfo[];
  visibility: RepVisibility;
  page: number;
  pageSize: number;
  /** The requested order; null for the list's default (`Kind.sort`). */
  sort: drill.DrillSort | null;
}

interface Kind {
  title: Localized;
  columns: DrilldownColumn[];
  /** The order without a `sort` parameter, written as the parameter is. */
  sort: string;
  load(input: DrillInput): Promise<{ rows: Row[]; total: number }>;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());
const days = (ms: number): number => ms / MS_PER_DAY;
const digitsOf = (org: OrgRecord) => currencyDigits(org.currency) ?? 2;
const filterOf = (input: DrillInput): drill.DrillFilter => ({
  orgId: input.org.id,
  owners: input.scope.owners,
  limit: input.pageSize,
  offset: (input.page - 1) * input.pageSize,
  sort: input.sort,
});

/**
 * A page of a list computed in memory (targets, reps: a few dozen rows, not a table in SQL), in
 * the requested order: empty values last either way, text without regard to case.
 */
function pageOf(all: Row[], input: DrillInput, fallback: drill.DrillSort): Row[] {
  const sorted = [...all].sort(compareBy(input.sort ?? fallback));
  const offset = (input.page - 1) * input.pageSize;
  return sorted.slice(offset, offset + input.pageSize);
}

function compareBy({ key, descending }: drill.DrillSort): (a: Row, b: Row) => number {
  return (a, b) => {
    const left = a[key] ?? null;
    const right = b[key] ?? null;
    if (left === null || right === null) return left === right ? 0 : left === null ? 1 : -1;
    const order =
      typeof left === 'number' && typeof right === 'number'
        ? left - right
        : String(left).toLowerCase() < String(right).toLowerCase()
          ? -1
          : String(left).toLowerCase() > String(right).toLowerCase()
            ? 1
            : 0;
    return descending ? -order : order;
  };
}
const windowOf = (input: DrillInput, range = input.range) => rangeInstants(range, input.org.timezone);
const ownerName = (input: DrillInput, id: string | null): string | null =>
  id === null ? null : (input.reps.find((rep) => rep.id === id)?.name ?? id);

function dealRow(input: DrillInput, deal: drill.DealRow): Row {
  const closed = deal.closed_at === null ? null : Number(deal.closed_at);
  return {
    id: deal.id,
    name: deal.name,
    owner: ownerName(input, deal.owner_rep_id),
    account_id: deal.account_id,
    status: deal.status,
    stage: deal.stage,
    created_at: iso(deal.created_at),
    closed_at: iso(closed),
    amount: deal.amount === null ? null : minorToMajor(Number(deal.amount), digitsOf(input.org)),
    units: Number(deal.units),
    cycle_days: closed === null ? null : days(closed - Number(deal.created_at)),
  };
}

const wonDeals = (title: Localized, previous = false): Kind => ({
  title,
  // What a manager reads first comes first, so that it fits without scrolling sideways; ids last.
  columns: [C.name, C.amount, C.owner, C.closedAt, C.cycle, C.units, C.account, C.createdAt, C.id],
  sort: '-closed_at',
  async load(input) {
    const range = previous ? input.previous : input.range;
    const page = await drill.wonDealsClosed(input.store.db, windowOf(input, range), filterOf(input));
    return { rows: page.rows.map((deal) => dealRow(input, deal)), total: page.total };
  },
});

const WON = wonDeals({
  en: 'Won deals closed in the period',
  id: 'Deal menang yang ditutup dalam periode',
});

const CREATED: Kind = {
  title: { en: 'Deals created in the period', id: 'Deal yang dibuat dalam periode' },
  columns: [C.name, C.amount, C.status, C.stage, C.owner, C.createdAt, C.closedAt, C.account, C.id],
  sort: '-created_at',
  async load(input) {
    const page = await drill.dealsCreated(input.store.db, windowOf(input), filterOf(input));
    return { rows: page.rows.map((deal) => dealRow(input, deal)), total: page.total };
  },
};

const LEADS: Kind = {
  title: {
    en: 'Leads created in the period (the lead cohort)',
    id: 'Prospek yang dibuat dalam periode (kohort prospek)',
  },
  columns: [C.id, C.owner, C.source, C.createdAt, C.hasDeal, C.firstWonAt, C.conversion],
  sort: '-created_at',
  async load(input) {
    const page = await drill.leadsCreated(input.store.db, windowOf(input), filterOf(input));
    return {
      rows: page.rows.map((lead) => ({
        id: lead.id,
        owner: ownerName(input, lead.owner_rep_id),
        source: lead.source,
        created_at: iso(lead.created_at),
        has_deal: Number(lead.has_deal) === 1,
        first_won_at: iso(lead.first_won_at),
        conversion_days:
          lead.first_won_at === null ? null : days(Number(lead.first_won_at) - Number(lead.created_at)),
      })),
      total: page.total,
    };
  },
};

const emails = (which: drill.EmailFilter, title: Localized): Kind => ({
  title,
  columns: [C.campaign, C.owner, C.sentAt, C.openedAt, C.bounced, C.id],
  sort: '-sent_at',
  async load(input) {
    const page = await drill.emailsSent(input.store.db, windowOf(input), which, filterOf(input));
    return {
      rows: page.rows.map((email) => ({
        id: email.id,
        owner: ownerName(input, email.rep_id),
        campaign: email.campaign,
        sent_at: iso(email.sent_at),
        bounced: Number(email.bounced) === 1,
        opened_at: iso(email.opened_at),
      })),
      total: page.total,
    };
  },
});

const customers = (which: drill.CustomerSet, title: Localized): Kind => ({
  title,
  columns: [C.name, C.owner, C.acquiredAt, C.churnedAt, C.activeStart, C.activeEnd, C.id],
  sort: '-acquired_at',
  async load(input) {
    const page = await drill.customers(input.store.db, windowOf(input), which, filterOf(input));
    return {
      rows: page.rows.map((account) => ({
        id: account.id,
        name: account.name,
        owner: ownerName(input, account.owner_rep_id),
        acquired_at: iso(account.effective_acquired_at),
        churned_at: iso(account.churned_at),
        active_at_start: Number(account.active_at_start) === 1,
        active_at_end: Number(account.active_at_end) === 1,
      })),
      total: page.total,
    };
  },
});

const SPEND: Kind = {
  title: {
    en: 'Sales and marketing spend dated in the period (organisation only)',
    id: 'Biaya penjualan dan pemasaran bertanggal dalam periode (hanya organisasi)',
  },
  columns: [C.date, C.category, C.amount, C.note],
  sort: '-date',
  async load(input) {
    // Spend belongs to the organisation only: a team or rep has none (KPI-SPEC §3).
    if (input.scope.scope.kind !== 'org') return { rows: [], total: 0 };
    const page = await drill.spendRows(input.store.db, toPeriodText(input.range), filterOf(input));
    return {
      rows: page.rows.map((row) => ({
        date: row.date,
        category: row.category,
        note: row.note === '' ? null : row.note,
        amount: minorToMajor(Number(row.amount), digitsOf(input.org)),
      })),
      total: page.total,
    };
  },
};

const targets = (metric: TargetMetric): Kind => ({
  title: {
    en: `Targets that make up the period's target: ${METRICS[metric].label.en.toLowerCase()}`,
    id: `Target yang membentuk target periode: ${METRICS[metric].label.id.toLowerCase()}`,
  },
  columns: [
    C.scope,
    C.periodStart,
    C.periodEnd,
    col('value', 'Target value', 'Nilai target', metric === 'revenue' ? 'money' : 'number'),
    C.overlap,
    col('contribution', 'Share in period', 'Bagian dalam periode', metric === 'revenue' ? 'money' : 'number'),
  ],
  sort: 'scope',
  async load(input) {
    const rows = await loadQuotas(input.store.db, input.org.id, input.range);
    const sources = targetSources(metric, input.range, rows, input.reps, input.scope.scope);
    const digits = digitsOf(input.org);
    const money = (v: number) => (metric === 'revenue' ? minorToMajor(v * 10 ** digits, digits) : v);
    // A rep's own quota is one of their individual numbers.
    const visible = sources.filter((s) => {
      const parsed = parseScope(s.row.scope);
      return !parsed.ok || parsed.scope.kind !== 'rep' || canSeeRep(input.visibility, parsed.scope.id);
    });
    const all: Row[] = visible.map((s) => ({
      scope: s.row.scope,
      period_start: toPeriodText(s.row).from,
      period_end: toPeriodText(s.row).to,
      value: money(s.row.value),
      overlap_days: s.overlapDays,
      contribution: money(s.contribution),
    }));
    return { rows: pageOf(all, input, { key: 'scope', descending: false }), total: all.length };
  },
});

const REPS: Kind = {
  title: {
    en: 'Reps in scope and their presence in the period',
    id: 'Tenaga penjual dalam cakupan dan kehadirannya',
  },
  columns: [C.name, C.team, C.fte, C.startedOn, C.endedOn, C.id],
  sort: 'name',
  async load(input) {
    const text = (day: number | null) => (day === null ? null : toPeriodText({ from: day, to: day }).from);
    const all: Row[] = input.scope.reps.map((rep) => ({
      id: rep.id,
      name: rep.name,
      team: rep.team,
      started_on: text(rep.startedOn),
      ended_on: text(rep.endedOn),
      fte: repFte(rep, input.range),
    }));
    return { rows: pageOf(all, input, { key: 'name', descending: false }), total: all.length };
  },
};

const ACTIVE_START = customers('start', {
  en: 'Customers active at the start of the period',
  id: 'Pelanggan aktif di awal periode',
});
const NEW_CUSTOMERS = customers('new', {
  en: 'Customers acquired in the period',
  id: 'Pelanggan yang diakuisisi dalam periode',
});
const CHURNED = customers('churned', {
  en: 'Customers active at the start who churned in the period',
  id: 'Pelanggan aktif di awal yang berhenti dalam periode',
});
const AVERAGE_BASE = customers('start_or_end', {
  en: 'Customers active at the start or the end of the period',
  id: 'Pelanggan aktif di awal atau di akhir periode',
});
const DELIVERED = emails('delivered', {
  en: 'Delivered emails sent in the period',
  id: 'Email sampai yang dikirim dalam periode',
});

/** The records behind each metric; for a count metric `total` equals the KPI value. */
const KINDS: Record<MetricKey, Kind> = {
  revenue: WON,
  units: WON,
  deals_won: WON,
  target_revenue: targets('revenue'),
  attainment_revenue: WON,
  target_units: targets('units'),
  attainment_units: WON,
  target_deals_won: targets('deals_won'),
  attainment_deals_won: WON,
  target_new_customers: targets('new_customers'),
  attainment_new_customers: NEW_CUSTOMERS,
  rep_fte: REPS,
  revenue_per_rep: WON,
  deals_won_per_rep: WON,
  avg_sales_cycle_days: WON,
  median_sales_cycle_days: WON,
  emails_sent: emails('sent', { en: 'Emails sent in the period', id: 'Email yang dikirim dalam periode' }),
  emails_delivered: DELIVERED,
  emails_opened: emails('opened', {
    en: 'Delivered emails sent in the period that were opened',
    id: 'Email sampai yang dikirim dalam periode dan dibuka',
  }),
  email_open_rate: DELIVERED,
  new_leads: LEADS,
  new_opportunities: CREATED,
  new_leads_per_rep: LEADS,
  new_opportunities_per_rep: CREATED,
  lead_cohort_size: LEADS,
  lead_to_opportunity_ratio: LEADS,
  lead_conversion_rate: LEADS,
  avg_lead_conversion_days: LEADS,
  previous_revenue: wonDeals(
    { en: 'Won deals closed in the previous period', id: 'Deal menang yang ditutup pada periode sebelumnya' },
    true,
  ),
  sales_growth: WON,
  customers_start: ACTIVE_START,
  customers_end: customers('end', {
    en: 'Customers active at the end of the period',
    id: 'Pelanggan aktif di akhir periode',
  }),
  new_customers: NEW_CUSTOMERS,
  churned_customers: CHURNED,
  churn_rate: CHURNED,
  retention_rate: ACTIVE_START,
  arpa: AVERAGE_BASE,
  customer_lifetime_value: AVERAGE_BASE,
  spend: SPEND,
  customer_acquisition_cost: SPEND,
};

export interface DrilldownQuery {
  metric: MetricKey;
  scope: Scope;
  range: DayRange;
  /** Default: the previous period of KPI-SPEC §3 for `range`. */
  previous?: DayRange;
  page: number;
  pageSize: number;
  /** `column` or `-column` (descending); null for the list's default order. */
  sort: string | null;
  /** Whose records the reader may see (core/access/visibility.ts); default: every rep's. */
  visibility?: RepVisibility;
}

/** The parsed `sort` parameter; 400 naming `sort` when the metric's rows have no such column. */
function sortFor(kind: Kind, sort: string | null): drill.DrillSort | null {
  if (sort === null) return null;
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  if (!kind.columns.some((column) => column.key === key)) {
    throw invalid(
      'sort',
      `these rows have no column "${key}"; sort by one of ${kind.columns.map((column) => column.key).join(', ')}`,
    );
  }
  return { key, descending };
}

export async function drilldownFor(
  store: Store,
  org: OrgRecord,
  query: DrilldownQuery,
): Promise<DrilldownResponse> {
  const reps = await loadReps(store.db, org.id);
  const resolved = kpiScopeOf(query.scope, reps);
  const visibility = query.visibility ?? ALL_REPS;
  assertScopeVisible(visibility, query.scope);
  // Counts, totals and pages are all taken over the visible owners' records, in SQL.
  const scope: ResolvedScope<RepInfo> = {
    scope: resolved.scope,
    owners: visibleOwners(resolved.owners, visibility, reps),
    reps: resolved.reps.filter((rep) => canSeeRep(visibility, rep.id)),
  };
  const kind = KINDS[query.metric];
  const sort = sortFor(kind, query.sort);
  const { rows, total } = await kind.load({
    store,
    org,
    range: query.range,
    previous: query.previous ?? previousPeriod(query.range),
    scope,
    reps,
    visibility,
    page: query.page,
    pageSize: query.pageSize,
    sort,
  });
  return {
    metric: query.metric,
    title: kind.title,
    columns: kind.columns,
    rows,
    total,
    page: query.page,
    pageSize: query.pageSize,
    sort: query.sort ?? kind.sort,
  };
}
