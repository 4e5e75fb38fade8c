import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, importTexts } from '../../../test/support/import-fixtures.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { parseIsoDate } from '../../core/calendar-date.ts';
import type { KpiReport } from '../../core/kpis/report.ts';
import { parseNamedPeriod, resolvePeriod } from '../../core/periods.ts';
import { findDefaultOrg } from '../../db/org-repo.ts';
import { kpiReport } from './kpi-report.ts';

/*
 * A hand-computed organisation in America/New_York (DST starts 2026-03-08), fiscal year from April.
 * Every expected figure below is worked out in the comments from KPI-SPEC §4.
 */
const FILES = {
  'org.json': JSON.stringify({
    name: 'Hand',
    timezone: 'America/New_York',
    currency: 'USD',
    fiscal_year_start_month: 4,
    gross_margin: 0.5,
  }),
  'reps.csv': csv(
    ['id', 'name', 'team', 'started_on', 'ended_on'],
    ['R1', 'Ana', 'East', '2026-03-01', ''], // joins: active all of March
    ['R2', 'Budi', 'East', '2025-01-01', '2026-03-15'], // leaves: 15 of 31 March days
    ['R3', 'Citra', 'West', '', ''],
    ['R4', 'Dewi', '', '', ''], // no team
  ),
  'accounts.csv': csv(
    ['id', 'name', 'owner_rep_id', 'acquired_at', 'churned_at'],
    ['A1', 'Derived', 'R1', '', ''], // acquired by D1's close (8 March): new in March
    ['A2', 'Lost', 'R2', '2025-06-01', '2026-03-20T00:00'], // in S, churned in March
    ['A3', 'Flash', 'R3', '2026-03-05', '2026-03-25'], // won and lost inside March: new, not churn
    ['A4', 'Loyal', 'R3', '2025-01-01', ''], // in S and E
    ['A5', 'Edge', 'R4', '2025-05-05', '2026-03-01T00:00'], // churned at P's first instant: in S, churned
    ['A6', 'Late', 'R4', '2026-04-01T00:00', ''], // acquired at the first instant after P: neither N nor E
    ['A7', 'Prospect', 'R1', '', ''],
  ),
  'leads.csv': csv(
    ['id', 'created_at', 'owner_rep_id', 'source'],
    ['L1', '2026-03-01T10:00', 'R1', 'web'], // EST: 15:00Z; two deals, D1 won
    ['L2', '2026-03-15T12:00:00Z', 'R1', 'event'], // linked by an open deal of R3
    ['L3', '2026-03-20T12:00:00Z', 'R2', 'web'],
    ['L4', '2026-02-10T12:00:00Z', 'R3', 'web'], // February: not in the March cohort
    ['L5', '2026-03-25T12:00:00Z', 'R1', 'referral'], // won after the period, by R3's deal
  ),
  'deals.csv': csv(
    ['id', 'owner_rep_id', 'account_id', 'lead_id', 'created_at', 'closed_at', 'status', 'amount', 'units'],
    // 02:30 on 8 March does not exist in New York: `compatible` reads it as 03:30 EDT = 07:30Z.
    ['D1', 'R1', 'A1', 'L1', '2026-02-20T10:00', '2026-03-08T02:30', 'won', '1000.00', '2'],
    // 23:30 EDT on 31 March is 03:30Z on 1 April, still March locally.
    ['D2', 'R2', 'A2', '', '2026-03-01', '2026-03-31 23:30', 'won', '500', '1'],
    ['D3', 'R3', 'A3', '', '2026-03-10T12:00:00Z', '2026-04-01T04:30:00Z', 'won', '700', '5'], // 00:30 EDT 1 April
    ['D4', 'R4', '', '', '2026-02-01T00:00:00Z', '2026-02-15T12:00:00Z', 'won', '2000.00', '3'],
    ['D5', '', '', '', '2026-03-05T12:00:00Z', '2026-03-06T12:00:00Z', 'won', '300', '1'], // no owner
    ['D6', 'R1', '', 'L1', '2026-03-02T12:00:00Z', '2026-03-03T12:00:00Z', 'lost', '', ''],
    ['D7', 'R3', '', 'L2', '2026-03-20T12:00:00Z', '', 'open', '', ''],
    ['D8', 'R1', '', '', '2026-01-10T12:00:00Z', '2026-01-20T12:00:00Z', 'won', '100', '1'],
    ['D9', 'R3', '', 'L5', '2026-04-02T12:00:00Z', '2026-05-01T12:00:00Z', 'won', '50', '1'],
  ),
  'emails.csv': csv(
    ['id', 'rep_id', 'sent_at', 'bounced', 'opened_at'],
    ['E1', 'R1', '2026-03-03T12:00:00Z', 'no', '2026-04-05T12:00:00Z'], // opened after P: still opened
    ['E2', 'R1', '2026-03-04T12:00:00Z', 'TRUE', ''],
    ['E3', 'R2', '2026-03-31T23:00', '0', ''], // 03:00Z on 1 April, March locally
    ['E4', 'R3', '2026-02-28T23:00:00-05:00', '', ''],
    ['E5', '', '2026-03-10T12:00:00Z', '', '2026-03-10T13:00:00Z'],
  ),
  'spend.csv': csv(
    ['date', 'category', 'amount'],
    ['2026-02-28', 'advertising', '1'],
    ['2026-03-01', 'marketing', '100.00'],
    ['2026-03-31', 'tools', '50'],
    ['2026-04-01', 'marketing', '999'],
  ),
  'targets.csv': csv(
    ['scope', 'metric', 'period_start', 'period_end', 'value'],
    ['org', 'revenue', '2026-01-01', '2026-03-31', '9000'], // 31 of 90 days overlap March: 3100
    ['rep:R1', 'revenue', '2026-03-01', '2026-03-31', '1000'],
    ['rep:R2', 'revenue', '2026-03-16', '2026-04-14', '300'], // 16 of 30 days: 160
    ['team:West', 'units', '2026-03-01', '2026-03-31', '10'],
    ['rep:R3', 'units', '2026-03-01', '2026-03-31', '4'], // West has its own: not rolled up
    ['org', 'new_customers', '2026-03-01', '2026-03-31', '4'],
  ),
};

const FTE_ORG = 3 + 15 / 31;
const FTE_EAST = 1 + 15 / 31;

describe.each(DIALECTS)('KPI report edge cases on %s', (dialect) => {
  let store: TestStore;
  const report = async (input: { period?: string; from?: string; to?: string }): Promise<KpiReport> => {
    const org = (await findDefaultOrg(store.db))!;
    const period = resolvePeriod(input, org.fiscal_year_start_month);
    if (!period.ok) throw new Error(period.reason);
    return kpiReport(store, org, period.range);
  };

  beforeAll(async () => {
    store = await createTestStore(dialect);
    const result = await importTexts(store, FILES);
    expect(result.errors).toEqual([]);
  });
  afterAll(() => store.dispose());

  it('sales vs target: local-day boundaries across DST, prorated and rolled-up targets', async () => {
    const r = await report({ period: '2026-03' });
    expect(r.period).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      timezone: 'America/New_York',
      previous: { from: '2026-02-01', to: '2026-02-28' },
    });
    // D1 (1000, 2 units) + D2 (500, 1) + D5 (300, 1, no owner); D3 closed 00:30 on 1 April local.
    expect([r.org.revenue, r.org.units, r.org.deals_won]).toEqual([1800, 4, 3]);
    expect(r.org.target_revenue).toBeCloseTo(3100, 9);
    expect(r.org.attainment_revenue).toBeCloseTo(1800 / 3100, 12);
    // East has no own target: R1 1000 + R2 160.
    expect(r.teams.East!.target_revenue).toBeCloseTo(1160, 9);
    expect(r.teams.East!.attainment_revenue).toBeCloseTo(1500 / 1160, 12);
    expect(r.teams.West!.target_revenue).toBeNull();
    expect(r.teams.West!.attainment_revenue).toBeNull();
    // Units: org has none of its own → East (null) + West 10 + team-less R4 (null) = 10.
    expect(r.org.target_units).toBe(10);
    expect(r.org.attainment_units).toBeCloseTo(0.4, 12);
    expect(r.teams.West!.target_units).toBe(10);
    expect([r.reps.R3!.target_units, r.reps.R3!.attainment_units]).toEqual([4, 0]);
    expect([r.org.target_deals_won, r.org.attainment_deals_won]).toEqual([null, null]);
    expect([r.org.target_new_customers, r.org.attainment_new_customers]).toEqual([4, 0.5]);
  });

  it('sales per rep counts a rep active part of the period as a fraction', async () => {
    const r = await report({ period: '2026-03' });
    expect(r.org.rep_fte).toBeCloseTo(FTE_ORG, 12);
    expect(r.teams.East!.rep_fte).toBeCloseTo(FTE_EAST, 12);
    expect(r.reps.R2!.rep_fte).toBeCloseTo(15 / 31, 12);
    // 1800 / (108/31) = 516.666… → 516.67 printed.
    expect(r.org.revenue_per_rep).toBe(516.67);
    expect(r.org.deals_won_per_rep).toBeCloseTo(3 / FTE_ORG, 12);
    expect(r.teams.East!.revenue_per_rep).toBe(Math.round(150000 / FTE_EAST) / 100);
  });

  it('sales cycle in exact fractional days, mean and median', async () => {
    const r = await report({ period: '2026-03' });
    // D1: 20 Feb 15:00Z → 8 Mar 07:30Z = 15.6875 d; D2: 1 Mar 05:00Z → 1 Apr 03:30Z = 30.9375 d; D5: 1 d.
    expect(r.org.avg_sales_cycle_days).toBeCloseTo((15.6875 + 30.9375 + 1) / 3, 12);
    expect(r.org.median_sales_cycle_days).toBeCloseTo(15.6875, 12);
    expect(r.reps.R3!.avg_sales_cycle_days).toBeNull();
  });

  it('email open rate by sending rep, opened whenever, bounced not delivered', async () => {
    const r = await report({ period: '2026-03' });
    expect([r.org.emails_sent, r.org.emails_delivered, r.org.emails_opened]).toEqual([4, 3, 2]);
    expect(r.org.email_open_rate).toBeCloseTo(2 / 3, 12);
    expect([r.reps.R1!.emails_sent, r.reps.R1!.emails_delivered, r.reps.R1!.email_open_rate]).toEqual([
      2, 1, 1,
    ]);
    expect(r.reps.R3!.email_open_rate).toBeNull();
  });

  it('new leads and opportunities, and a lead cohort converted by deals of any owner at any time', async () => {
    const r = await report({ period: '2026-03' });
    expect([r.org.new_leads, r.org.new_opportunities]).toEqual([4, 5]);
    expect(r.org.new_leads_per_rep).toBeCloseTo(4 / FTE_ORG, 12);
    expect([r.org.lead_cohort_size, r.org.lead_to_opportunity_ratio, r.org.lead_conversion_rate]).toEqual([
      4, 0.75, 0.5,
    ]);
    // L1: 1 Mar 15:00Z → D1 8 Mar 07:30Z = 6.6875 d; L5: 25 Mar → D9 1 May = 37 d.
    expect(r.org.avg_lead_conversion_days).toBeCloseTo((6.6875 + 37) / 2, 12);
    expect([r.reps.R1!.lead_cohort_size, r.reps.R1!.lead_to_opportunity_ratio]).toEqual([3, 1]);
    expect(r.reps.R1!.lead_conversion_rate).toBeCloseTo(2 / 3, 12);
    expect([r.reps.R3!.new_opportunities, r.reps.R3!.new_leads, r.reps.R3!.lead_conversion_rate]).toEqual([
      2,
      0,
      null,
    ]);
  });

  it('growth against the previous whole months, and monthly growth', async () => {
    const r = await report({ period: '2026-03' });
    expect([r.org.previous_revenue, r.org.sales_growth]).toEqual([2000, -0.1]);
    expect(r.org.monthly).toEqual([{ month: '2026-03', revenue: 1800, growth: -0.1 }]);
    expect(r.reps.R4!.sales_growth).toBe(-1);
    expect(r.reps.R3!.sales_growth).toBeNull();
  });

  it('a range that is not whole months compares with the same number of days; monthly stays whole months', async () => {
    const r = await report({ from: '2026-03-01', to: '2026-03-08' });
    expect(r.period.previous).toEqual({ from: '2026-02-21', to: '2026-02-28' });
    expect([r.org.revenue, r.org.previous_revenue, r.org.sales_growth]).toEqual([1300, 0, null]);
    expect(r.org.monthly).toEqual([{ month: '2026-03', revenue: 1800, growth: -0.1 }]);
  });

  it('churn, retention, ARPA and CLV with derived acquisition and edge instants', async () => {
    const r = await report({ period: '2026-03' });
    const o = r.org;
    expect([o.customers_start, o.customers_end, o.new_customers, o.churned_customers]).toEqual([3, 2, 2, 2]);
    expect(o.churn_rate).toBeCloseTo(2 / 3, 12);
    expect(o.retention_rate).toBe(0);
    expect(o.arpa).toBe(720);
    expect(o.customer_lifetime_value).toBe(540);
    const west = r.teams.West!;
    expect([west.customers_start, west.customers_end, west.new_customers, west.churned_customers]).toEqual([
      1, 1, 1, 0,
    ]);
    // No churn: CLV undefined rather than infinite.
    expect([west.churn_rate, west.customer_lifetime_value]).toEqual([0, null]);
  });

  it('customer acquisition cost for the organisation only', async () => {
    const r = await report({ period: '2026-03' });
    expect([r.org.spend, r.org.customer_acquisition_cost]).toEqual([150, 75]);
    expect([r.teams.East!.spend, r.teams.East!.customer_acquisition_cost]).toEqual([null, null]);
    expect([r.reps.R1!.spend, r.reps.R1!.customer_acquisition_cost]).toEqual([null, null]);
  });

  it('fiscal periods follow the organisation fiscal year (FY2026 ends in March 2026)', async () => {
    const r = await report({ period: 'FY2026-Q4' });
    expect([r.period.from, r.period.to]).toEqual(['2026-01-01', '2026-03-31']);
    expect(r.org.revenue).toBe(3900);
    expect(r.org.monthly.map((m) => [m.month, m.revenue])).toEqual([
      ['2026-01', 100],
      ['2026-02', 2000],
      ['2026-03', 1800],
    ]);
    expect(r.org.monthly[0]!.growth).toBeNull();
    expect(r.org.monthly[1]!.growth).toBe(19);
    expect(parseNamedPeriod('FY2026', 4)).toEqual({
      from: parseIsoDate('2025-04-01'),
      to: parseIsoDate('2026-03-31'),
    });
  });

  it('teams list every non-empty team; reps list every rep; every §4 key is present', async () => {
    const r = await report({ period: '2026-03' });
    expect(Object.keys(r.teams)).toEqual(['East', 'West']);
    expect(Object.keys(r.reps)).toEqual(['R1', 'R2', 'R3', 'R4']);
    for (const scope of [r.org, ...Object.values(r.teams), ...Object.values(r.reps)]) {
      expect(Object.keys(scope)).toHaveLength(41);
    }
  });

  it('moves numbers when a corrected deal is imported', async () => {
    const moved = await importTexts(store, {
      'deals.csv': csv(
        ['id', 'owner_rep_id', 'created_at', 'closed_at', 'status', 'amount', 'units'],
        ['D5', 'R4', '2026-03-05T12:00:00Z', '2026-02-27T12:00:00Z', 'won', '300', '1'],
      ),
    });
    expect(moved.errors.map((e) => e.message)).toEqual(['is before created_at']);
    const fixed = await importTexts(store, {
      'deals.csv': csv(
        ['id', 'owner_rep_id', 'created_at', 'closed_at', 'status', 'amount', 'units'],
        ['D5', 'R4', '2026-02-05T12:00:00Z', '2026-02-27T12:00:00Z', 'won', '300', '1'],
      ),
    });
    expect(fixed.errors).toEqual([]);
    const r = await report({ period: '2026-03' });
    expect([r.org.revenue, r.org.previous_revenue, r.reps.R4!.previous_revenue]).toEqual([1500, 2300, 2300]);
    expect(r.org.new_opportunities).toBe(4);
  });
});
