import { createContext, useContext } from 'react';
import { namedPeriodQuery, type PeriodQuery } from '../api/period-query.ts';
import type { DefinitionsResponse, MetricKey, OrgResponse, Rep, Widget } from '../api/types.ts';
import { isolated } from '../ui/name-text.tsx';
import type { Compare } from './comparison.ts';

export interface DrilldownRequest {
  metric: MetricKey;
  scope: string;
  period: PeriodQuery;
}

/** What every widget on a dashboard shares: the view, the catalogue, and the ways back to the page. */
export interface WidgetEnv {
  period: PeriodQuery;
  scope: string;
  /** What the period is compared with; the TV page says true (the previous period) or false. */
  compare: Compare | boolean;
  org: OrgResponse;
  definitions: DefinitionsResponse;
  reps: Rep[];
  /** The dashboard shown (its widgets' PNG exports name it); absent outside a saved dashboard. */
  dashboardId?: number;
  openDrilldown: (request: DrilldownRequest) => void;
  /** Saves a widget's config with the dashboard (a team table's chosen columns). */
  saveConfig: (widgetId: string, config: Widget['config']) => void;
}

const WidgetEnvContext = createContext<WidgetEnv | null>(null);
export const WidgetEnvProvider = WidgetEnvContext.Provider;

export function useWidgetEnv(): WidgetEnv {
  const env = useContext(WidgetEnvContext);
  if (!env) throw new Error('widget outside a dashboard');
  return env;
}

/** A widget's own period and scope: its configured override, else the dashboard's. */
export function useWidgetView(widget: Widget): { period: PeriodQuery; scope: string; env: WidgetEnv } {
  const env = useWidgetEnv();
  return {
    period: widget.config.period
      ? namedPeriodQuery(widget.config.period, env.org.today, env.org.fiscalYearStartMonth)
      : env.period,
    scope: widget.config.scope ?? env.scope,
    env,
  };
}

/** Rep id → name, for labels; the id is shown when the rep is unknown. */
export function repName(reps: Rep[], id: string): string {
  return isolated(reps.find((rep) => rep.id === id)?.name ?? id);
}
