import type { DemoAccount, DemoDeal } from './demo-sales.ts';
import { type DemoRep, isRepActive } from './demo-team.ts';
import { type DemoWindow, dayOf, growth } from './demo-window.ts';
import type { Prng } from './prng.ts';
import { isRamadan } from './seasonality.ts';
import { dateParts, epochDayOf, formatIsoDate } from './wall-clock.ts';

export interface DemoSpend {
  date: string;
  category: string;
  amount: number;
  note: string;
}

export interface DemoTarget {
  scope: string;
  metric: 'revenue' | 'units' | 'deals_won' | 'new_customers';
  periodStart: string;
  periodEnd: string;
  value: number;
}

interface CalendarSpan {
  first: number;
  last: number;
}

function months(window: DemoWindow): CalendarSpan[] {
  const spans: CalendarSpan[] = [];
  const start = dateParts(window.startDay);
  for (let i = 0; ; i++) {
    const first = epochDayOf(start.year, start.month + i, 1);
    if (first > window.endDay) return spans;
    spans.push({ first, last: epochDayOf(start.year, start.month + i + 1, 0) });
  }
}

function quarters(window: DemoWindow): CalendarSpan[] {
  const spans: CalendarSpan[] = [];
  const start = dateParts(window.startDay);
  const firstMonth = start.month - ((start.month - 1) % 3);
  for (let i = 0; ; i += 3) {
    const first = epochDayOf(start.year, firstMonth + i, 1);
    if (first > window.endDay) return spans;
    spans.push({ first, last: epochDayOf(start.year, firstMonth + i + 3, 0) });
  }
}

/** Share of the span's days on which the rep was employed. */
function fte(rep: DemoRep, span: CalendarSpan): number {
  let active = 0;
  for (let d = span.first; d <= span.last; d++) if (isRepActive(rep, d)) active++;
  return active / (span.last - span.first + 1);
}

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}

// Three trade fairs a year carry most of the events budget.
const FAIR_MONTHS: ReadonlyMap<number, string> = new Map([
  [3, 'Indonesia Office & Stationery Expo, JIExpo Kemayoran'],
  [8, 'Pameran Perlengkapan Kantor, Grand City Surabaya'],
  [11, 'Bandung Business Expo, Trans Convention Centre'],
]);

export function planSpend(
  rng: Prng,
  reps: readonly DemoRep[],
  deals: readonly DemoDeal[],
  window: DemoWindow,
) {
  const revenueByMonth = new Map<string, number>();
  for (const deal of deals) {
    if (deal.status !== 'won' || deal.closedMs === null) continue;
    const key = formatIsoDate(dayOf(deal.closedMs)).slice(0, 7);
    revenueByMonth.set(key, (revenueByMonth.get(key) ?? 0) + (deal.amount ?? 0));
  }
  const rows: DemoSpend[] = [];
  for (const month of months(window)) {
    const date = formatIsoDate(month.first);
    const { year, month: m } = dateParts(month.first);
    const g = growth(window, Math.min(window.endDay, month.first + 14));
    const headcount = reps.reduce((sum, rep) => sum + fte(rep, month), 0);
    const payroll = reps.reduce((sum, rep) => sum + rep.salary * fte(rep, month), 0);
    const commission = 0.02 * (revenueByMonth.get(date.slice(0, 7)) ?? 0);
    const ramadan = isRamadan(month.first + 14);
    const fair = FAIR_MONTHS.get(m);
    rows.push(
      {
        date,
        category: 'salaries',
        amount: Math.round(payroll + commission),
        note: 'Gaji pokok dan komisi tim sales',
      },
      {
        date,
        category: 'marketing',
        amount: Math.round(22_000_000 * g * (ramadan ? 1.4 : 1) * rng.uniform(0.9, 1.1)),
        note: ramadan ? `Katalog dan promo parsel Lebaran ${year}` : 'Konten, katalog cetak dan promo',
      },
      {
        date,
        category: 'advertising',
        amount: Math.round(30_000_000 * g * (m >= 10 ? 1.3 : 1) * rng.uniform(0.85, 1.15)),
        note: 'Google Ads, Meta Ads dan LinkedIn Ads',
      },
      {
        date,
        category: 'tools',
        amount: Math.round(6_500_000 + 650_000 * headcount),
        note: 'Lisensi CRM dan email marketing',
      },
      {
        date,
        category: 'events',
        amount: Math.round((fair === undefined ? 4_000_000 : 85_000_000) * rng.uniform(0.8, 1.2)),
        note: fair === undefined ? 'Jamuan klien dan presentasi produk' : `${fair} ${year}`,
      },
    );
  }
  return rows;
}

interface QuarterActuals {
  revenueByRep: Map<number, number>;
  unitsByRep: Map<number, number>;
  wonByTeam: Map<string, number>;
  newCustomers: number;
}

function actualsPerQuarter(
  spans: readonly CalendarSpan[],
  reps: readonly DemoRep[],
  deals: readonly DemoDeal[],
  accounts: readonly DemoAccount[],
): QuarterActuals[] {
  const actuals = spans.map(() => ({
    revenueByRep: new Map<number, number>(),
    unitsByRep: new Map<number, number>(),
    wonByTeam: new Map<string, number>(),
    newCustomers: 0,
  }));
  const quarterOf = (ms: number) => {
    const day = dayOf(ms);
    return actuals[spans.findIndex((s) => s.first <= day && day <= s.last)];
  };
  for (const deal of deals) {
    if (deal.status !== 'won' || deal.closedMs === null) continue;
    const q = quarterOf(deal.closedMs);
    if (q === undefined) continue;
    q.revenueByRep.set(deal.owner, (q.revenueByRep.get(deal.owner) ?? 0) + (deal.amount ?? 0));
    q.unitsByRep.set(deal.owner, (q.unitsByRep.get(deal.owner) ?? 0) + deal.units);
    const team = reps[deal.owner]?.team;
    if (team) q.wonByTeam.set(team, (q.wonByTeam.get(team) ?? 0) + 1);
  }
  for (const account of accounts) {
    const acquired = account.acquiredMs ?? account.firstWonMs;
    const q = acquired === null ? undefined : quarterOf(acquired);
    if (q !== undefined) q.newCustomers++;
  }
  return actuals;
}

/**
 * Quarterly targets as a sales director would set them: from the run rate of the quarter (so
 * attainment lands around 80–120%): revenue per rep and team, deals won per team, new customers for
 * the company, and units per rep in the last two quarters.
 * The current quarter is still running, so its targets extrapolate the previous one.
 */
export function planTargets(
  rng: Prng,
  reps: readonly DemoRep[],
  deals: readonly DemoDeal[],
  accounts: readonly DemoAccount[],
  window: DemoWindow,
): DemoTarget[] {
  const spans = quarters(window);
  const actuals = actualsPerQuarter(spans, reps, deals, accounts);
  const teams = [...new Set(reps.flatMap((r) => (r.team === null ? [] : [r.team])))];
  const targets: DemoTarget[] = [];
  const add = (scope: string, metric: DemoTarget['metric'], span: CalendarSpan, value: number) => {
    targets.push({
      scope,
      metric,
      periodStart: formatIsoDate(span.first),
      periodEnd: formatIsoDate(span.last),
      value,
    });
  };

  spans.forEach((span, qi) => {
    const running = span.last > window.endDay;
    const basis = (running ? actuals[qi - 1] : actuals[qi]) ?? actuals[qi];
    if (basis === undefined) return;
    const uplift = running ? 1.06 : 1;
    let teamRevenue = 0;
    let teamFte = 0;
    reps.forEach((rep, i) => {
      if (rep.team === null) return;
      teamRevenue += basis.revenueByRep.get(i) ?? 0;
      teamFte += fte(rep, span);
    });
    const perFte = teamFte > 0 ? teamRevenue / teamFte : 0;

    const teamTotals = new Map<string, number>();
    reps.forEach((rep, i) => {
      const share = fte(rep, span);
      if (share === 0) return;
      const own = basis.revenueByRep.get(i) ?? 0;
      // Half the team's run rate per head, half the rep's own: a stretch for the weaker, not a wall.
      const base = rep.team === null ? own : 0.5 * perFte * share + 0.5 * own;
      const value = roundTo(base * uplift * rng.uniform(0.95, 1.2), 5_000_000);
      add(`rep:${rep.id}`, 'revenue', span, value);
      if (rep.team !== null) teamTotals.set(rep.team, (teamTotals.get(rep.team) ?? 0) + value);
    });
    for (const team of teams) {
      add(
        `team:${team}`,
        'revenue',
        span,
        roundTo((teamTotals.get(team) ?? 0) * rng.uniform(1, 1.05), 10_000_000),
      );
    }
    add(
      'org',
      'new_customers',
      span,
      Math.max(1, Math.round(basis.newCustomers * uplift * rng.uniform(0.95, 1.3))),
    );

    for (const team of teams) {
      const won = basis.wonByTeam.get(team) ?? 0;
      add(`team:${team}`, 'deals_won', span, Math.max(1, Math.round(won * uplift * rng.uniform(0.95, 1.25))));
    }
    // Unit goals per rep are new: only the last two quarters have them.
    if (qi >= spans.length - 2) {
      reps.forEach((rep, i) => {
        if (rep.team === null || fte(rep, span) === 0) return;
        const units = basis.unitsByRep.get(i) ?? 0;
        add(`rep:${rep.id}`, 'units', span, roundTo(units * uplift * rng.uniform(0.95, 1.2), 10));
      });
    }
  });
  return targets;
}
