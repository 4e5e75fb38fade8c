/**
 * Response shapes the web reads, all from the shared contract (src/core/contracts).
 */
import type { RepSummary, TeamSummary } from '../../../src/core/contracts/api.ts';
import type { GoalTarget as TargetRecord, Task as TaskRecord } from '../../../src/core/contracts/goals.ts';

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
  StreamNotice,
  TableColumn,
  Widget,
  WidgetType,
} from '../../../src/core/contracts/api.ts';
export type {
  Goal,
  GoalCreate,
  GoalFolder,
  GoalList,
  GoalMap,
  GoalMapNode,
  GoalTarget,
  GoalUpdate,
  Leaderboard,
  PaceStatusText as PaceStatus,
  Pacing,
  QuotaChange,
  TargetCreate,
  TargetUpdate,
  TargetUpdateEntry,
  TargetValueUpdate,
  Task,
  TaskCreate,
  TaskList,
  TaskStats,
  TaskUpdate,
} from '../../../src/core/contracts/goals.ts';
export type { ImportEncodingChoice, ImportJob } from '../../../src/core/contracts/imports.ts';
export type {
  Direction,
  Locale,
  Localized,
  MetricKey,
  MetricUnit,
} from '../../../src/core/kpis/definitions.ts';

/** GET /api/v1/reps and /teams, as the contract names them. */
export type Rep = RepSummary;
export type Team = TeamSummary;

/** Kinds, directions and task types of the goal contract, as types (the web bundles no contract code). */
export type TargetKind = TargetRecord['kind'];
export type TargetDirection = TargetRecord['direction'];
export type TaskType = TaskRecord['type'];
export type TaskStatus = TaskRecord['status'];
