import { plainPeriod } from '../kpis/kpi-report.ts';
import { dashboardPdf } from '../render/dashboard-pdf.ts';
import { dashboardSnapshot } from '../render/dashboard-snapshot.ts';
import type { DigestRender } from './digest-send.ts';

/**
 * Digests draw dashboards with the render service: the snapshot the PDF export and widget PNGs use,
 * so a digest shows the same figures as the dashboard page and the PDF. The period is a plain range
 * compared with the one before it (a whole week with the week before, a month with the month before).
 */
export const renderService: DigestRender = {
  dashboard: (store, org, dashboardId, period, as, now) =>
    dashboardSnapshot(store, org, dashboardId, plainPeriod(period), as, { now }),
  pdf: (snapshot, publicUrl) =>
    dashboardPdf(snapshot, { paper: 'a4', filters: [`Scope: ${snapshot.scopeLabel}`], baseUrl: publicUrl }),
};
