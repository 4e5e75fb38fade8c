import {
  companyName,
  LEAD_SOURCES,
  type LeadSource,
  PRODUCT_LINES,
  type ProductLine,
  SOURCE_PROFILE,
  uniqueName,
} from './demo-catalogue.ts';
import { type DemoRep, isRepActive, rampFactor } from './demo-team.ts';
import { type DemoWindow, dayOf, growth, timeOnDay } from './demo-window.ts';
import type { Prng } from './prng.ts';
import { activityFactor, closingFactor } from './seasonality.ts';
import {
  dateParts,
  formatIsoDate,
  JAKARTA_OFFSET_MINUTES,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  startOfDayMs,
} from './wall-clock.ts';

export interface DemoLead {
  id: string;
  createdMs: number;
  /** Index into the reps; null = not yet assigned (a few website leads). */
  owner: number | null;
  source: LeadSource;
}

export interface DemoAccount {
  id: string;
  name: string;
  owner: number;
  /** acquired_at as written, for customers whose contract date the CRM recorded explicitly. */
  acquiredText: string | null;
  acquiredMs: number | null;
  firstWonMs: number | null;
  churnedMs: number | null;
}

export type DealStatus = 'open' | 'won' | 'lost';

export interface DemoDeal {
  id: string;
  name: string;
  owner: number;
  account: number | null;
  lead: number | null;
  createdMs: number;
  closedMs: number | null;
  status: DealStatus;
  /** Whole rupiah; null for lost deals that never got a quote. */
  amount: number | null;
  units: number;
  stage: string;
  currency: 'IDR' | null;
}

export interface DemoSales {
  leads: DemoLead[];
  accounts: DemoAccount[];
  deals: DemoDeal[];
}

// Rates tuned so two years give ~5k leads, ~2k deals at a ~35% win rate and ~450 accounts.
const LEADS_PER_REP_DAY = 0.8;
const UNASSIGNED_LEADS_PER_DAY = 0.12;
const REPEAT_ORDERS_PER_CUSTOMER_DAY = 0.0045;
const CUSTOMERS_BEFORE_WINDOW = 85;
const ANNUAL_CHURN = 0.12;
/** Mean time to churn of a constant hazard that loses ANNUAL_CHURN of customers a year. */
const CHURN_MEAN_DAYS = 365.25 / -Math.log(1 - ANNUAL_CHURN);
/** Leads and deals start this many days before the history so its first months have a pipeline. */
const PIPELINE_WARM_UP_DAYS = 120;
const MIN_DEAL = 5_000_000;
const MAX_DEAL = 250_000_000;

type DealKind = 'new' | 'prospect' | 'expansion' | 'repeat';

const KIND_PROFILE: Readonly<Record<DealKind, { win: number; cycleDays: number; amount: number }>> = {
  new: { win: 0.21, cycleDays: 30, amount: 26_000_000 },
  prospect: { win: 0.23, cycleDays: 26, amount: 24_000_000 },
  expansion: { win: 0.36, cycleDays: 18, amount: 32_000_000 },
  repeat: { win: 0.5, cycleDays: 9, amount: 16_000_000 },
};

interface DealRequest {
  createdMs: number;
  owner: number;
  lead: number | null;
  account: number | null;
}

export function simulateSales(rng: Prng, reps: readonly DemoRep[], window: DemoWindow): DemoSales {
  return new SalesSimulation(rng, reps, window).run();
}

class SalesSimulation {
  private readonly accounts: DemoAccount[] = [];
  private readonly deals: DemoDeal[] = [];
  private readonly leads: DemoLead[] = [];
  private readonly accountNames = new Set<string>();

  /** First simulated day: the pipeline warm-up before the history starts. */
  private readonly firstDay: number;

  constructor(
    private readonly rng: Prng,
    private readonly reps: readonly DemoRep[],
    private readonly window: DemoWindow,
  ) {
    this.firstDay = window.startDay - PIPELINE_WARM_UP_DAYS;
  }

  run(): DemoSales {
    this.seedExistingCustomers();
    this.generateLeads();
    const leadRequests = this.leadDealRequests();
    for (let day = this.firstDay; day <= this.window.endDay; day++) {
      const requests = leadRequests.get(day) ?? [];
      requests.push(...this.repeatOrderRequests(day).filter((r) => r.createdMs < this.window.endMs));
      requests.sort((a, b) => a.createdMs - b.createdMs);
      for (const request of requests) this.processRequest(request);
    }
    this.finishAccounts();
    return { leads: this.leads, accounts: this.accounts, deals: this.deals };
  }

  private rep(index: number): DemoRep {
    const rep = this.reps[index];
    if (rep === undefined) throw new Error(`no rep ${index}`);
    return rep;
  }

  /** Who takes over a departed rep's work: a teammate, else the (team-less) head of sales. */
  private standIn(index: number, day: number): number {
    const rep = this.rep(index);
    if (isRepActive(rep, day)) return index;
    const candidates: number[] = [];
    this.reps.forEach((r, i) => {
      if (i !== index && r.team === rep.team && isRepActive(r, day)) candidates.push(i);
    });
    if (candidates.length === 0) {
      this.reps.forEach((r, i) => {
        if (r.team === null && isRepActive(r, day)) candidates.push(i);
      });
    }
    return candidates.length === 0 ? index : this.rng.pick(candidates);
  }

  private newAccount(owner: number): number {
    const index = this.accounts.length;
    this.accounts.push({
      id: `A${String(index + 1).padStart(4, '0')}`,
      name: uniqueName(companyName(this.rng), this.accountNames, this.rng),
      owner,
      acquiredText: null,
      acquiredMs: null,
      firstWonMs: null,
      churnedMs: null,
    });
    return index;
  }

  private effectiveAcquiredMs(account: DemoAccount): number | null {
    return account.acquiredMs ?? account.firstWonMs;
  }

  private isCustomerAt(account: DemoAccount, ms: number): boolean {
    const acquired = this.effectiveAcquiredMs(account);
    return acquired !== null && acquired < ms && (account.churnedMs === null || account.churnedMs > ms);
  }

  /** A churn instant at least `minGapDays` after `fromMs`, or null when it would fall after today. */
  private drawChurn(fromMs: number, minGapDays: number): number | null {
    const at = fromMs + (minGapDays + this.rng.exponential(CHURN_MEAN_DAYS)) * MS_PER_DAY;
    if (at >= this.window.endMs) return null;
    const ms = timeOnDay(this.rng, dayOf(at), 9, 17);
    return ms > fromMs && ms < this.window.endMs ? ms : null;
  }

  /** The customers the company already had when the demo's history starts; contract dates on file. */
  private seedExistingCustomers(): void {
    const owners: number[] = [];
    this.reps.forEach((r, i) => {
      if (isRepActive(r, this.firstDay)) owners.push(i);
    });
    for (let n = 0; n < CUSTOMERS_BEFORE_WINDOW; n++) {
      const account = this.accounts[this.newAccount(this.rng.pick(owners))];
      if (account === undefined) continue;
      const acquiredDay = this.firstDay - this.rng.int(10, 6 * 365);
      account.acquiredText = formatIsoDate(acquiredDay);
      account.acquiredMs = startOfDayMs(acquiredDay, JAKARTA_OFFSET_MINUTES);
      account.churnedMs = this.drawChurn(startOfDayMs(this.firstDay, JAKARTA_OFFSET_MINUTES), 0);
    }
  }

  private generateLeads(): void {
    const drafts: Omit<DemoLead, 'id'>[] = [];
    const shares = LEAD_SOURCES.map((s) => SOURCE_PROFILE[s].share);
    for (let day = this.firstDay; day <= this.window.endDay; day++) {
      const demand = activityFactor(day) * growth(this.window, day);
      this.reps.forEach((rep, owner) => {
        if (!isRepActive(rep, day)) return;
        const n = this.rng.poisson(LEADS_PER_REP_DAY * rep.activity * rampFactor(rep, day) * demand);
        for (let k = 0; k < n; k++) {
          const source = LEAD_SOURCES[this.rng.weightedIndex(shares)] ?? 'website';
          drafts.push({ createdMs: timeOnDay(this.rng, day, 7, 21), owner, source });
        }
      });
      const unassigned = this.rng.poisson(UNASSIGNED_LEADS_PER_DAY * demand);
      for (let k = 0; k < unassigned; k++) {
        drafts.push({ createdMs: timeOnDay(this.rng, day, 0, 24), owner: null, source: 'website' });
      }
    }
    // Drawn for the whole of today, then cut at now: the history before now stays the same.
    const past = drafts.filter((d) => d.createdMs < this.window.endMs);
    past.sort((a, b) => a.createdMs - b.createdMs);
    past.forEach((d, i) => {
      this.leads.push({ id: `L${String(i + 1).padStart(5, '0')}`, ...d });
    });
  }

  /** The deals that leads turn into, bucketed by the local day the deal is opened. */
  private leadDealRequests(): Map<number, DealRequest[]> {
    const byDay = new Map<number, DealRequest[]>();
    this.leads.forEach((lead, index) => {
      if (lead.owner === null) return;
      const rep = this.rep(lead.owner);
      if (!this.rng.chance(SOURCE_PROFILE[lead.source].convert * Math.sqrt(rep.skill))) return;
      const delayDays = Math.min(40, this.rng.logNormal(2.5, 1.1));
      let createdMs: number;
      if (delayDays < 1) {
        createdMs =
          lead.createdMs + Math.max(20 * MS_PER_MINUTE, Math.round((delayDays * MS_PER_DAY) / 1000) * 1000);
      } else {
        createdMs = timeOnDay(this.rng, workday(dayOf(lead.createdMs) + Math.round(delayDays)), 8.5, 17.5);
        if (createdMs <= lead.createdMs) createdMs = lead.createdMs + MS_PER_HOUR;
      }
      if (createdMs >= this.window.endMs) return;
      const day = dayOf(createdMs);
      const list = byDay.get(day) ?? [];
      list.push({ createdMs, owner: lead.owner, lead: index, account: null });
      byDay.set(day, list);
    });
    return byDay;
  }

  /** Existing customers reorder supplies without a new lead. */
  private repeatOrderRequests(day: number): DealRequest[] {
    const dayStartMs = startOfDayMs(day, JAKARTA_OFFSET_MINUTES);
    const customers: number[] = [];
    this.accounts.forEach((a, i) => {
      if (this.isCustomerAt(a, dayStartMs)) customers.push(i);
    });
    const n = this.rng.poisson(customers.length * REPEAT_ORDERS_PER_CUSTOMER_DAY * activityFactor(day));
    const requests: DealRequest[] = [];
    for (let k = 0; k < n; k++) {
      const index = this.rng.pick(customers);
      const account = this.accounts[index];
      if (account === undefined) continue;
      // Accounts of a rep who left move to a colleague the first time the customer calls again.
      account.owner = this.standIn(account.owner, day);
      requests.push({
        createdMs: timeOnDay(this.rng, day, 8.5, 17.5),
        owner: account.owner,
        lead: null,
        account: index,
      });
    }
    return requests;
  }

  /** A random prospect (never won, or won only later) or current customer, as of `atMs`. */
  private pickAccount(atMs: number, customers: boolean): number | null {
    const pool: number[] = [];
    this.accounts.forEach((a, i) => {
      const acquired = this.effectiveAcquiredMs(a);
      const eligible = customers ? this.isCustomerAt(a, atMs) : acquired === null || acquired >= atMs;
      if (eligible && (a.churnedMs === null || a.churnedMs > atMs)) pool.push(i);
    });
    return pool.length === 0 ? null : this.rng.pick(pool);
  }

  private processRequest(request: DealRequest): void {
    const { rng, window } = this;
    const createdDay = dayOf(request.createdMs);
    let owner = this.standIn(request.owner, createdDay);
    let account = request.account;
    let kind: DealKind = 'repeat';
    if (request.lead !== null) {
      const r = rng.next();
      account = r < 0.21 ? null : this.pickAccount(request.createdMs, r >= 0.5);
      kind = account === null ? 'new' : r >= 0.5 ? 'expansion' : 'prospect';
    }
    const lead = request.lead === null ? undefined : this.leads[request.lead];
    const profile = KIND_PROFILE[kind];

    const cycleDays = Math.min(200, Math.max(0.25, rng.logNormal(profile.cycleDays, 0.75)));
    const closeDay = workday(dayOf(request.createdMs + cycleDays * MS_PER_DAY));
    let closedMs = timeOnDay(rng, closeDay, 9, 17.5);
    if (closedMs <= request.createdMs) {
      closedMs = request.createdMs + Math.round(rng.uniform(0.5, 4) * 3600) * 1000;
    }

    const line = pickProductLine(rng, kind === 'repeat');
    const unitPrice = Math.round(rng.uniform(line.minPrice, line.maxPrice) / 500) * 500;
    const yearsIn = (createdDay - window.startDay) / 365.25;
    const december = dateParts(closeDay).month === 12 ? 1.15 : 1;
    const wanted = rng.logNormal(profile.amount, 0.7) * (1 + 0.05 * yearsIn) * december;
    const units = Math.min(
      Math.floor(MAX_DEAL / unitPrice),
      Math.max(Math.ceil(MIN_DEAL / unitPrice), Math.round(wanted / unitPrice)),
    );

    let status: DealStatus;
    if (closedMs >= window.endMs) {
      status = 'open';
    } else {
      const sourceWin = lead === undefined ? 1 : SOURCE_PROFILE[lead.source].win;
      const pWin = Math.min(0.92, profile.win * sourceWin * this.rep(owner).skill * closingFactor(closeDay));
      status = rng.chance(pWin) ? 'won' : 'lost';
    }
    // A customer that has already left does not sign a new order.
    const churnedMs = account === null ? null : (this.accounts[account]?.churnedMs ?? null);
    if (status === 'won' && churnedMs !== null && churnedMs <= closedMs) status = 'lost';

    if (account === null && (status === 'won' || !rng.chance(0.1))) account = this.newAccount(owner);
    const target = account === null ? undefined : this.accounts[account];

    if (status === 'won' && target !== undefined) {
      const wasCustomer = target.acquiredMs !== null || target.firstWonMs !== null;
      target.firstWonMs = target.firstWonMs === null ? closedMs : Math.min(target.firstWonMs, closedMs);
      if (!wasCustomer) target.churnedMs = this.drawChurn(closedMs, 45);
    }

    // Deals of a rep who has left are handed over before they close.
    const decisionDay = status === 'open' ? window.endDay : dayOf(closedMs);
    owner = this.standIn(owner, decisionDay);

    const customerName = target?.name ?? companyName(rng);
    this.deals.push({
      id: `D${String(this.deals.length + 1).padStart(5, '0')}`,
      name: `${line.name} - ${customerName}`,
      owner,
      account,
      lead: request.lead,
      createdMs: request.createdMs,
      closedMs: status === 'open' ? null : closedMs,
      status,
      amount: status === 'lost' && rng.chance(0.1) ? null : units * unitPrice,
      units,
      stage: stageOf(status, (window.endMs - request.createdMs) / MS_PER_DAY),
      currency: rng.chance(0.85) ? 'IDR' : null,
    });
  }

  private finishAccounts(): void {
    for (const account of this.accounts) {
      // Some contract dates were typed into the CRM; the rest come from the first won deal.
      if (account.acquiredMs === null && account.firstWonMs !== null && this.rng.chance(0.15)) {
        const day = dayOf(account.firstWonMs);
        account.acquiredText = formatIsoDate(day);
        account.acquiredMs = startOfDayMs(day, JAKARTA_OFFSET_MINUTES);
      }
      if (account.churnedMs === null) account.owner = this.standIn(account.owner, this.window.endDay);
    }
  }
}

function pickProductLine(rng: Prng, repeat: boolean): ProductLine {
  const index = rng.weightedIndex(PRODUCT_LINES.map((p) => (repeat ? p.repeatWeight : p.newWeight)));
  const line = PRODUCT_LINES[index];
  if (line === undefined) throw new Error('no product lines');
  return line;
}

/** Moves a weekend day to the Monday after. */
function workday(epochDay: number): number {
  const wd = dateParts(epochDay).weekday;
  return wd === 6 ? epochDay + 2 : wd === 0 ? epochDay + 1 : epochDay;
}

function stageOf(status: DealStatus, ageDays: number): string {
  if (status === 'won') return 'Closed Won';
  if (status === 'lost') return 'Closed Lost';
  if (ageDays < 7) return 'Prospecting';
  if (ageDays < 20) return 'Qualification';
  if (ageDays < 40) return 'Proposal';
  return 'Negotiation';
}
