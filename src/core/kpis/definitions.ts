/**
 * The one catalogue of UDN's KPIs. Every surface (CLI table, API, widgets, goals) reads labels,
 * formulas, units and directions from here; the arithmetic lives in compute.ts.
 */

export type Locale = 'en' | 'id';
export type Localized = Record<Locale, string>;

/** money: minor units inside the engine, major units in reports; ratio: a fraction, not a percentage. */
export type MetricUnit = 'money' | 'count' | 'ratio' | 'days' | 'reps' | 'number';

/** Which way is good; decides the colour of a change and the default direction of a KPI goal. */
export type Direction = 'up' | 'down' | 'neutral';

export const KPI_FAMILIES = [
  'sales_vs_target',
  'sales_per_rep',
  'sales_cycle',
  'email_open_rate',
  'leads_per_rep',
  'conversion',
  'sales_growth',
  'customer_lifetime_value',
  'churn_retention',
  'customer_acquisition_cost',
] as const;
export type KpiFamily = (typeof KPI_FAMILIES)[number];

/** Every scalar key of a scope in the KPI report (KPI-SPEC §4), in report order. */
export const METRIC_KEYS = [
  'revenue',
  'units',
  'deals_won',
  'target_revenue',
  'attainment_revenue',
  'target_units',
  'attainment_units',
  'target_deals_won',
  'attainment_deals_won',
  'target_new_customers',
  'attainment_new_customers',
  'rep_fte',
  'revenue_per_rep',
  'deals_won_per_rep',
  'avg_sales_cycle_days',
  'median_sales_cycle_days',
  'emails_sent',
  'emails_delivered',
  'emails_opened',
  'email_open_rate',
  'new_leads',
  'new_opportunities',
  'new_leads_per_rep',
  'new_opportunities_per_rep',
  'lead_cohort_size',
  'lead_to_opportunity_ratio',
  'lead_conversion_rate',
  'avg_lead_conversion_days',
  'previous_revenue',
  'sales_growth',
  'customers_start',
  'customers_end',
  'new_customers',
  'churned_customers',
  'churn_rate',
  'retention_rate',
  'arpa',
  'customer_lifetime_value',
  'spend',
  'customer_acquisition_cost',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** Metrics that a target (targets.csv) can be set on. */
export const TARGET_METRICS = ['revenue', 'units', 'deals_won', 'new_customers'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export interface MetricDefinition {
  key: MetricKey;
  family: KpiFamily;
  unit: MetricUnit;
  direction: Direction;
  label: Localized;
  formula: Localized;
  /** For ratios: the keys whose sums make it (Σ numerator / Σ denominator), for totals and tables. */
  ratioOf?: { numerator: MetricKey; denominator: MetricKey };
  /** Only defined for the whole organisation (null for teams and reps). */
  orgOnly?: boolean;
  /** Builds up over a period (a sum or count of events), so a goal on it can be paced linearly. */
  cumulative?: boolean;
}

export interface KpiDefinition {
  key: KpiFamily;
  number: number;
  label: Localized;
  description: Localized;
  /** The metric a KPI card shows first. */
  headline: MetricKey;
  metrics: MetricKey[];
}

type MetricSpec = Omit<MetricDefinition, 'key'>;

const m = (
  family: KpiFamily,
  unit: MetricUnit,
  direction: Direction,
  en: string,
  id: string,
  formulaEn: string,
  formulaId: string,
  extra: Partial<MetricSpec> = {},
): MetricSpec => ({
  family,
  unit,
  direction,
  label: { en, id },
  formula: { en: formulaEn, id: formulaId },
  ...extra,
});

const targetPair = (
  metric: TargetMetric,
  en: string,
  id: string,
  unit: MetricUnit,
): Record<`target_${TargetMetric}` | `attainment_${TargetMetric}`, MetricSpec> =>
  ({
    [`target_${metric}`]: m(
      'sales_vs_target',
      unit,
      'neutral',
      `Target: ${en}`,
      `Target: ${id}`,
      `Σ over the scope's ${en.toLowerCase()} targets overlapping the period of value × overlap days ÷ target days; without a target of its own, a team sums its reps' targets and the organisation its teams' and team-less reps' targets`,
      `Σ target ${id.toLowerCase()} cakupan yang beririsan dengan periode: nilai × hari irisan ÷ hari target; tanpa target sendiri, tim menjumlahkan target anggotanya dan organisasi menjumlahkan target tim dan tenaga penjual tanpa tim`,
    ),
    [`attainment_${metric}`]: m(
      'sales_vs_target',
      'ratio',
      'up',
      `Attainment: ${en}`,
      `Pencapaian: ${id}`,
      `${en} ÷ target ${en.toLowerCase()}`,
      `${id} ÷ target ${id.toLowerCase()}`,
      { ratioOf: { numerator: metric, denominator: `target_${metric}` } },
    ),
  }) as Record<`target_${TargetMetric}` | `attainment_${TargetMetric}`, MetricSpec>;

const SPECS: Record<MetricKey, MetricSpec> = {
  revenue: m(
    'sales_vs_target',
    'money',
    'up',
    'Revenue',
    'Pendapatan',
    'Σ amount of won deals closed in the period',
    'Σ nilai deal menang yang ditutup dalam periode',
    { cumulative: true },
  ),
  units: m(
    'sales_vs_target',
    'count',
    'up',
    'Units sold',
    'Unit terjual',
    'Σ units of won deals closed in the period',
    'Σ unit deal menang yang ditutup dalam periode',
    { cumulative: true },
  ),
  deals_won: m(
    'sales_vs_target',
    'count',
    'up',
    'Deals won',
    'Deal menang',
    'Number of won deals closed in the period',
    'Jumlah deal menang yang ditutup dalam periode',
    { cumulative: true },
  ),
  ...targetPair('revenue', 'Revenue', 'Pendapatan', 'money'),
  ...targetPair('units', 'Units sold', 'Unit terjual', 'number'),
  ...targetPair('deals_won', 'Deals won', 'Deal menang', 'number'),
  ...targetPair('new_customers', 'New customers', 'Pelanggan baru', 'number'),
  rep_fte: m(
    'sales_per_rep',
    'reps',
    'neutral',
    'Active reps (FTE)',
    'Tenaga penjual aktif (FTE)',
    "Σ over the scope's reps of days active in the period ÷ days of the period",
    'Σ hari aktif tiap tenaga penjual dalam periode ÷ jumlah hari periode',
  ),
  revenue_per_rep: m(
    'sales_per_rep',
    'money',
    'up',
    'Revenue per rep',
    'Pendapatan per tenaga penjual',
    'Revenue ÷ active reps (FTE)',
    'Pendapatan ÷ tenaga penjual aktif (FTE)',
    { ratioOf: { numerator: 'revenue', denominator: 'rep_fte' } },
  ),
  deals_won_per_rep: m(
    'sales_per_rep',
    'number',
    'up',
    'Deals won per rep',
    'Deal menang per tenaga penjual',
    'Deals won ÷ active reps (FTE)',
    'Deal menang ÷ tenaga penjual aktif (FTE)',
    { ratioOf: { numerator: 'deals_won', denominator: 'rep_fte' } },
  ),
  avg_sales_cycle_days: m(
    'sales_cycle',
    'days',
    'down',
    'Average sales cycle',
    'Rata-rata siklus penjualan',
    'Mean of (closed − created) in days over won deals closed in the period',
    'Rata-rata (tanggal tutup − tanggal dibuat) dalam hari atas deal menang yang ditutup dalam periode',
  ),
  median_sales_cycle_days: m(
    'sales_cycle',
    'days',
    'down',
    'Median sales cycle',
    'Median siklus penjualan',
    'Median of (closed − created) in days over won deals closed in the period',
    'Median (tanggal tutup − tanggal dibuat) dalam hari atas deal menang yang ditutup dalam periode',
  ),
  emails_sent: m(
    'email_open_rate',
    'count',
    'neutral',
    'Emails sent',
    'Email terkirim',
    'Emails sent in the period, by sending rep',
    'Email yang dikirim dalam periode, menurut pengirim',
    { cumulative: true },
  ),
  emails_delivered: m(
    'email_open_rate',
    'count',
    'up',
    'Emails delivered',
    'Email sampai',
    'Emails sent in the period that did not bounce',
    'Email terkirim dalam periode yang tidak memantul (bounce)',
    { cumulative: true },
  ),
  emails_opened: m(
    'email_open_rate',
    'count',
    'up',
    'Emails opened',
    'Email dibuka',
    'Delivered emails sent in the period that were opened (whenever)',
    'Email sampai yang dikirim dalam periode dan dibuka (kapan pun)',
    { cumulative: true },
  ),
  email_open_rate: m(
    'email_open_rate',
    'ratio',
    'up',
    'Email open rate',
    'Tingkat buka email',
    'Emails opened ÷ emails delivered',
    'Email dibuka ÷ email sampai',
    { ratioOf: { numerator: 'emails_opened', denominator: 'emails_delivered' } },
  ),
  new_leads: m(
    'leads_per_rep',
    'count',
    'up',
    'New leads',
    'Prospek baru',
    'Leads created in the period',
    'Prospek yang dibuat dalam periode',
    { cumulative: true },
  ),
  new_opportunities: m(
    'leads_per_rep',
    'count',
    'up',
    'New opportunities',
    'Peluang baru',
    'Deals created in the period',
    'Deal yang dibuat dalam periode',
    { cumulative: true },
  ),
  new_leads_per_rep: m(
    'leads_per_rep',
    'number',
    'up',
    'New leads per rep',
    'Prospek baru per tenaga penjual',
    'New leads ÷ active reps (FTE)',
    'Prospek baru ÷ tenaga penjual aktif (FTE)',
    { ratioOf: { numerator: 'new_leads', denominator: 'rep_fte' } },
  ),
  new_opportunities_per_rep: m(
    'leads_per_rep',
    'number',
    'up',
    'New opportunities per rep',
    'Peluang baru per tenaga penjual',
    'New opportunities ÷ active reps (FTE)',
    'Peluang baru ÷ tenaga penjual aktif (FTE)',
    { ratioOf: { numerator: 'new_opportunities', denominator: 'rep_fte' } },
  ),
  lead_cohort_size: m(
    'conversion',
    'count',
    'neutral',
    'Lead cohort',
    'Kohort prospek',
    'Leads created in the period (by lead owner)',
    'Prospek yang dibuat dalam periode (menurut pemilik prospek)',
    { cumulative: true },
  ),
  lead_to_opportunity_ratio: m(
    'conversion',
    'ratio',
    'up',
    'Lead-to-opportunity ratio',
    'Rasio prospek ke peluang',
    'Cohort leads that any deal links to (any time) ÷ cohort',
    'Prospek kohort yang ditautkan oleh deal mana pun (kapan pun) ÷ kohort',
  ),
  lead_conversion_rate: m(
    'conversion',
    'ratio',
    'up',
    'Lead conversion rate',
    'Tingkat konversi prospek',
    'Cohort leads linked to a won deal (any time) ÷ cohort',
    'Prospek kohort yang ditautkan ke deal menang (kapan pun) ÷ kohort',
  ),
  avg_lead_conversion_days: m(
    'conversion',
    'days',
    'down',
    'Average lead conversion time',
    'Rata-rata waktu konversi prospek',
    "Mean over converted cohort leads of (earliest won linked deal's close − lead created), in days",
    'Rata-rata atas prospek kohort yang terkonversi dari (tutup deal menang pertama − prospek dibuat), dalam hari',
  ),
  previous_revenue: m(
    'sales_growth',
    'money',
    'up',
    'Revenue, previous period',
    'Pendapatan periode sebelumnya',
    'Revenue of the previous period (the same number of whole months, or days, just before; for a period to date, the previous period of the same kind up to the same day)',
    'Pendapatan periode sebelumnya (jumlah bulan penuh, atau hari, yang sama tepat sebelumnya; untuk periode berjalan, periode sejenis sebelumnya sampai hari yang sama)',
  ),
  sales_growth: m(
    'sales_growth',
    'ratio',
    'up',
    'Sales growth',
    'Pertumbuhan penjualan',
    '(Revenue − previous revenue) ÷ previous revenue',
    '(Pendapatan − pendapatan sebelumnya) ÷ pendapatan sebelumnya',
  ),
  customers_start: m(
    'churn_retention',
    'count',
    'neutral',
    'Customers at start',
    'Pelanggan di awal',
    "Customers active at the period's first instant",
    'Pelanggan aktif pada awal periode',
  ),
  customers_end: m(
    'churn_retention',
    'count',
    'up',
    'Customers at end',
    'Pelanggan di akhir',
    'Customers active at the first instant after the period',
    'Pelanggan aktif tepat setelah periode berakhir',
  ),
  new_customers: m(
    'churn_retention',
    'count',
    'up',
    'New customers',
    'Pelanggan baru',
    'Customers whose (effective) acquisition falls in the period',
    'Pelanggan yang (efektif) diakuisisi dalam periode',
    { cumulative: true },
  ),
  churned_customers: m(
    'churn_retention',
    'count',
    'down',
    'Churned customers',
    'Pelanggan berhenti',
    'Customers active at the start who churned in the period',
    'Pelanggan aktif di awal yang berhenti dalam periode',
    { cumulative: true },
  ),
  churn_rate: m(
    'churn_retention',
    'ratio',
    'down',
    'Churn rate',
    'Tingkat churn',
    'Churned customers ÷ customers at start',
    'Pelanggan berhenti ÷ pelanggan di awal',
    { ratioOf: { numerator: 'churned_customers', denominator: 'customers_start' } },
  ),
  retention_rate: m(
    'churn_retention',
    'ratio',
    'up',
    'Retention rate',
    'Tingkat retensi',
    '(Customers at end − new customers) ÷ customers at start',
    '(Pelanggan di akhir − pelanggan baru) ÷ pelanggan di awal',
  ),
  arpa: m(
    'customer_lifetime_value',
    'money',
    'up',
    'Revenue per account (ARPA)',
    'Pendapatan per akun (ARPA)',
    'Revenue ÷ average customers ((start + end) ÷ 2)',
    'Pendapatan ÷ rata-rata pelanggan ((awal + akhir) ÷ 2)',
  ),
  customer_lifetime_value: m(
    'customer_lifetime_value',
    'money',
    'up',
    'Customer lifetime value',
    'Nilai seumur hidup pelanggan',
    'ARPA × gross margin ÷ churn rate',
    'ARPA × margin kotor ÷ tingkat churn',
  ),
  spend: m(
    'customer_acquisition_cost',
    'money',
    'neutral',
    'Sales & marketing spend',
    'Biaya penjualan & pemasaran',
    'Σ spend dated in the period (organisation only); empty when no spend is recorded in the period',
    'Σ biaya bertanggal dalam periode (hanya organisasi); kosong bila tidak ada biaya tercatat dalam periode',
    { orgOnly: true, cumulative: true },
  ),
  customer_acquisition_cost: m(
    'customer_acquisition_cost',
    'money',
    'down',
    'Customer acquisition cost',
    'Biaya akuisisi pelanggan',
    'Spend ÷ new customers (organisation only); empty without recorded spend or new customers',
    'Biaya ÷ pelanggan baru (hanya organisasi); kosong tanpa biaya tercatat atau pelanggan baru',
    { orgOnly: true, ratioOf: { numerator: 'spend', denominator: 'new_customers' } },
  ),
};

export const METRICS: Record<MetricKey, MetricDefinition> = Object.fromEntries(
  METRIC_KEYS.map((key) => [key, { key, ...SPECS[key] }]),
) as Record<MetricKey, MetricDefinition>;

const k = (
  key: KpiFamily,
  number: number,
  en: string,
  id: string,
  descEn: string,
  descId: string,
  headline: MetricKey,
): KpiDefinition => ({
  key,
  number,
  label: { en, id },
  description: { en: descEn, id: descId },
  headline,
  metrics: METRIC_KEYS.filter((metric) => SPECS[metric].family === key),
});

export const KPIS: readonly KpiDefinition[] = [
  k(
    'sales_vs_target',
    1,
    'Sales vs target',
    'Penjualan vs target',
    'Revenue, units and deals won against the targets set for the period.',
    'Pendapatan, unit, dan deal menang dibandingkan target periode.',
    'attainment_revenue',
  ),
  k(
    'sales_per_rep',
    2,
    'Sales per rep',
    'Penjualan per tenaga penjual',
    'Revenue and deals won per active rep, counting part-time presence in the period.',
    'Pendapatan dan deal menang per tenaga penjual aktif, menghitung kehadiran sebagian periode.',
    'revenue_per_rep',
  ),
  k(
    'sales_cycle',
    3,
    'Average sales cycle length',
    'Rata-rata panjang siklus penjualan',
    'How long won deals took from first conversation to close.',
    'Berapa lama deal menang berjalan dari percakapan pertama hingga ditutup.',
    'avg_sales_cycle_days',
  ),
  k(
    'email_open_rate',
    4,
    'Email open rate',
    'Tingkat buka email',
    'Share of delivered sales emails that were opened.',
    'Porsi email penjualan yang sampai dan dibuka.',
    'email_open_rate',
  ),
  k(
    'leads_per_rep',
    5,
    'New leads and opportunities per rep',
    'Prospek dan peluang baru per tenaga penjual',
    'Pipeline created in the period, per active rep.',
    'Pipeline yang dibuat dalam periode, per tenaga penjual aktif.',
    'new_leads_per_rep',
  ),
  k(
    'conversion',
    6,
    'Lead conversion',
    'Konversi prospek',
    "How the period's new leads turned into opportunities and wins.",
    'Bagaimana prospek baru periode ini menjadi peluang dan kemenangan.',
    'lead_conversion_rate',
  ),
  k(
    'sales_growth',
    7,
    'Sales growth',
    'Pertumbuhan penjualan',
    'Revenue against the previous period, and month by month.',
    'Pendapatan dibandingkan periode sebelumnya, dan per bulan.',
    'sales_growth',
  ),
  k(
    'customer_lifetime_value',
    8,
    'Customer lifetime value',
    'Nilai seumur hidup pelanggan',
    'What a customer is worth in gross margin over its expected lifetime.',
    'Nilai margin kotor seorang pelanggan selama perkiraan masa hidupnya.',
    'customer_lifetime_value',
  ),
  k(
    'churn_retention',
    9,
    'Churn and retention',
    'Churn dan retensi',
    'Customers lost and kept over the period.',
    'Pelanggan yang hilang dan yang bertahan selama periode.',
    'churn_rate',
  ),
  k(
    'customer_acquisition_cost',
    10,
    'Customer acquisition cost',
    'Biaya akuisisi pelanggan',
    'Sales and marketing spend per new customer (organisation only).',
    'Biaya penjualan dan pemasaran per pelanggan baru (hanya organisasi).',
    'customer_acquisition_cost',
  ),
];

export const isMetricKey = (key: string): key is MetricKey =>
  (METRIC_KEYS as readonly string[]).includes(key);
export const isTargetMetric = (key: string): key is TargetMetric =>
  (TARGET_METRICS as readonly string[]).includes(key);
