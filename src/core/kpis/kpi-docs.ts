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
