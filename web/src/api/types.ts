/**
 * Response shapes the web reads, all from the shared contract (src/core/contracts).
 */
import type { FileSummary, ImportIssue, RepSummary, TeamSummary } from '../../../src/core/contracts/api.ts';

export type {
  BreakdownResponse,
  Dashboard,
  DefinitionsResponse,
  DrilldownColumn,
  DrilldownResponse,
  ImportHistoryEntry,
  ImportResult,
  KpiReport,
  LiveEvent,
  OrgResponse,
  ReportScope,
  SeriesPoint,
  SeriesResponse,
  Widget,
  WidgetType,
} from '../../../src/core/contracts/api.ts';
export type {
  Direction,
  KpiDefinition,
  KpiFamily,
  Locale,
  Localized,
  MetricDefinition,
  MetricKey,
  MetricUnit,
} from '../../../src/core/kpis/definitions.ts';

/** GET /api/v1/reps and /teams, as the contract names them. */
export type Rep = RepSummary;
export type Team = TeamSummary;
export type ImportError = ImportIssue;
export type ImportFileSummary = FileSummary;
