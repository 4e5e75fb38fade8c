import { describe, expect, it } from 'vitest';
import {
  dashboardPdfUrl,
  drilldownExportUrl,
  periodKindOf,
  teamExportUrl,
  widgetPngUrl,
} from './export-links.ts';

describe('export links', () => {
  it('ask for the period, scope, metric and comparison the page shows', () => {
    expect(teamExportUrl({ period: '2026-Q1' }, 'team:Jakarta', ['revenue', 'deals_won'], 'xlsx', 'id')).toBe(
      '/api/v1/exports/team?period=2026-Q1&scope=team%3AJakarta&metrics=revenue%2Cdeals_won&format=xlsx&lang=id',
    );
    expect(
      drilldownExportUrl({ from: '2026-01-01', to: '2026-01-31' }, 'org', 'revenue', '-amount', 'csv', 'en'),
    ).toBe(
      '/api/v1/exports/drilldown?from=2026-01-01&to=2026-01-31&metric=revenue&scope=org&sort=-amount&format=csv&lang=en',
    );
    expect(
      dashboardPdfUrl(3, { period: '2026-12', asof: '2026-12-06' }, 'org', { kind: 'last-year' }, 'letter'),
    ).toBe(
      '/api/v1/dashboards/3/export.pdf?period=2026-12&asof=2026-12-06&scope=org&paper=letter&compare=last-year',
    );
    expect(widgetPngUrl(3, 'kpi-1', { period: '2026-12' }, 'rep:R01', { kind: 'previous' })).toBe(
      '/api/v1/dashboards/3/widgets/kpi-1/export.png?period=2026-12&scope=rep%3AR01&compare=previous',
    );
  });

  it('ask the render routes only for the comparisons they print', () => {
    expect(dashboardPdfUrl(3, { period: '2026-12' }, 'org', { kind: 'none' }, 'a4')).toBe(
      '/api/v1/dashboards/3/export.pdf?period=2026-12&scope=org&paper=a4',
    );
    expect(
      widgetPngUrl(3, 'w', { period: '2026-12' }, 'org', {
        kind: 'range',
        from: '2025-01-01',
        to: '2025-01-31',
      }),
    ).toBe('/api/v1/dashboards/3/widgets/w/export.png?period=2026-12&scope=org');
  });

  it('name the kind of period an alert from a card watches', () => {
    expect(periodKindOf({ period: '2026-W05' })).toBe('week');
    expect(periodKindOf({ period: '2026-03' })).toBe('month');
    expect(periodKindOf({ period: 'FY2026-Q1' })).toBe('quarter');
    expect(periodKindOf({ period: '2026' })).toBe('year');
    expect(periodKindOf({ from: '2026-01-01', to: '2026-01-09' })).toBeUndefined();
  });
});
