import { KPIS, METRICS } from './definitions.ts';

/** docs/kpis.md, written from the catalogue so the user-facing definitions cannot drift from it. */
export function renderKpiDocs(): string {
  const lines: string[] = [
    '# The ten sales KPIs',
    '',
    '<!-- Generated from src/core/kpis/definitions.ts by `npm run docs:kpis`; a test keeps it current. -->',
    '',
    'Every number UDN shows (CLI, API, widgets, goals) is computed by one engine from these definitions;',
    'the exact contract is KPI-SPEC. Ratios are fractions (shown as percentages); a ratio whose',
    'denominator is zero is empty (—), never 0. Totals of teams and of the organisation are Σ numerator ÷',
    'Σ denominator, never an average of ratios. Periods are calendar days in the organisation’s time zone.',
    'A missing input is not a zero: a period with no spend recorded has no spend and no acquisition cost',
    '(—, “no spend recorded”), and every empty value says which input it lacks (`src/core/kpis/null-reasons.ts`).',
    '',
    'A named period that holds today (this month, quarter, year) is shown **to date** on the dashboard:',
    'its first day to today, compared with the period before cut at the same day (KPI-SPEC §3; API',
    '`period=2026-Q4&asof=2026-12-05`, CLI `--period 2026-Q4 --asof 2026-12-05`).',
    '',
  ];
  for (const kpi of KPIS) {
    lines.push(`## ${kpi.number}. ${kpi.label.en} — ${kpi.label.id}`, '', kpi.description.en, '');
    lines.push('| key | metric | formula | unit | better when |', '|---|---|---|---|---|');
    for (const key of kpi.metrics) {
      const m = METRICS[key];
      const better = m.direction === 'up' ? 'higher' : m.direction === 'down' ? 'lower' : '—';
      const scope = m.orgOnly ? ' (organisation only)' : '';
      lines.push(`| \`${key}\` | ${m.label.en}${scope} | ${m.formula.en} | ${m.unit} | ${better} |`);
    }
    if (kpi.key === 'sales_growth') {
      lines.push(
        '',
        '`monthly`: for every calendar month the period touches, the whole month’s revenue and its growth against the month before.',
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
