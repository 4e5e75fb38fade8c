/**
 * Response shapes the web reads. Most come from the shared contract; the rest mirror what the
 * server returns where src/core/contracts does not (yet) name a type — see docs/adr/0003-web-stack.md
 * for the additions proposed to the contract.
 */
import type { RepSummary, TeamSummary } from '../../../src/core/contracts/api.ts';
import type { MetricKey } from '../../../src/core/kpis/definitions.ts';

export type {
  BreakdownResponse,
  Dashboard,
  DefinitionsResponse,
  DrilldownColumn,
  DrilldownResponse,
  LiveEvent,
  OrgResponse,
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

/** One scope of the KPI report (KPI-SPEC §5): every metric key, `null` where undefined. */
export type ReportScope = Record<MetricKey, number | null> & {
  monthly: { month: string; revenue: number; growth: number | null }[];
};

/** GET /api/v1/kpis: the KPI report of KPI-SPEC §5. */
export interface KpiReport {
  period: { from: string; to: string; timezone: string; previous: { from: string; to: string } };
  currency: string;
  org: ReportScope;
  teams: Record<string, ReportScope>;
  reps: Record<string, ReportScope>;
}

/** GET /api/v1/reps and /teams, as the contract names them. */
export type Rep = RepSummary;
export type Team = TeamSummary;

export interface ImportError {
  file: string;
  line: number | null;
  column: string | null;
  message: string;
}

export interface ImportFileSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** POST /api/v1/imports (200 when written, 422 when refused: nothing written). */
export interface ImportResult {
  ok: boolean;
  errors: ImportError[];
  errorCount: number;
  warnings: (string | { file?: string; line?: number | null; column?: string | null; message: string })[];
  files: ImportFileSummary[];
}

/** GET /api/v1/imports: one past import, newest first. */
export interface ImportHistoryEntry {
  id: number;
  source?: string | null;
  /** `succeeded`, `failed` or `running`. */
  status?: string;
  ok?: boolean;
  /** Epoch ms (or ISO text); shown in the organisation's zone. */
  startedAt?: number | string;
  finishedAt?: number | string | null;
  createdAt?: number | string;
  errorCount?: number;
  files?: ImportFileSummary[] | string[];
  rows?: number;
  inserted?: number;
  updated?: number;
  unchanged?: number;
}
