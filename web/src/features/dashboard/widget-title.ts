import type { MetricKey, Widget } from '../../api/types.ts';
import { useGoal } from '../../api/use-goals.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { scopeLabel } from '../../i18n/scope-label.ts';
import { useWidgetEnv } from '../../widgets/widget-env.tsx';

/** A widget's heading: its own title, else the metric's catalogue label, else its type's name. */
export function useWidgetTitle(widget: Widget): { title: string; subtitle?: string; metric?: MetricKey } {
  const { t, l } = useI18n();
  const { definitions, reps } = useWidgetEnv();
  // A goal widget is titled with its goal's name (the same query the widget itself reads).
  const goal = useGoal(widget.type === 'goal_progress' ? (widget.config.goalId ?? null) : null);
  const metric = widget.config.metric;
  const definition = metric ? definitions.metrics[metric] : undefined;
  const usesMetric = ['kpi_card', 'line_chart', 'bar_chart', 'breakdown_bar', 'leaderboard'].includes(
    widget.type,
  );
  let title = widget.title?.trim() || '';
  if (!title) {
    if (widget.type === 'pie_chart') title = t(`dimension.${widget.config.dimension ?? 'lead_source'}`);
    else if (widget.type === 'goal_progress' && goal.data) title = goal.data.name;
    else if (usesMetric && definition) {
      title =
        widget.type === 'breakdown_bar' || widget.type === 'leaderboard'
          ? t('widget.titleBy', { name: l(definition.label), by: t(`by.${widget.config.by ?? 'rep'}`) })
          : l(definition.label);
    } else title = t(`widget.type.${widget.type}`);
  }
  const parts: string[] = [];
  const scope = widget.config.scope;
  if (scope) parts.push(scopeLabel(scope, reps, t));
  if (widget.config.period) parts.push(widget.config.period);
  // The funnel is the lead cohort of KPI #6: its popover gives the cohort's definition.
  const infoMetric: MetricKey | undefined =
    widget.type === 'funnel' ? 'lead_cohort_size' : usesMetric ? metric : undefined;
  return {
    title,
    ...(parts.length ? { subtitle: parts.join(' · ') } : {}),
    ...(infoMetric ? { metric: infoMetric } : {}),
  };
}
