import type { Generated } from 'kysely';
import type { TASK_STATUSES, TASK_TYPES } from '../core/contracts/goals.ts';
import type { ImportStatus } from '../core/contracts/imports.ts';
import type { RhythmTables } from './schema-rhythm.ts';

/**
 * Row types of every table. Instants are epoch milliseconds (UTC); calendar days are `YYYY-MM-DD`
 * text (files, targets) or epoch-day integers (rollups); money is integer minor units.
 * Every table carries `org_id` so one database can hold many organisations.
 */

export interface OrgsTable {
  id: Generated<number>;
  name: string;
  timezone: string;
  currency: string;
  fiscal_year_start_month: number;
  gross_margin: number;
  /** Bumped by every write that changes KPI inputs; caches and live pages key on it. */
  data_version: number;
  created_at: number;
  /** Unique, URL-safe: how people and the CLI (`--org SLUG`) name the organisation. */
  slug: string;
  /** 1: every member sees every rep's numbers (docs/access.md); 0 by default. */
  open_leaderboard: number;
}

/** Provenance on every imported row: the import that last wrote it and the line it came from. */
interface Provenance {
  import_id: number;
  source_line: number;
}

export interface RepsTable extends Provenance {
  org_id: number;
  id: string;
  name: string;
  email: string | null;
  team: string | null;
  started_on: string | null;
  ended_on: string | null;
}

export interface AccountsTable extends Provenance {
  org_id: number;
  id: string;
  name: string;
  owner_rep_id: string | null;
  acquired_at: number | null;
  churned_at: number | null;
  /** acquired_at, or else the earliest closed_at of its won deals (KPI-SPEC §2); kept by the importer. */
  effective_acquired_at: number | null;
}

export interface LeadsTable extends Provenance {
  org_id: number;
  id: string;
  created_at: number;
  owner_rep_id: string | null;
  source: string | null;
  /** 1 when any deal links to the lead; kept by the importer. */
  has_deal: number;
  /** closed_at of the earliest won deal linked to the lead; kept by the importer. */
  first_won_at: number | null;
}

export type DealStatus = 'open' | 'won' | 'lost';

export interface DealsTable extends Provenance {
  org_id: number;
  id: string;
  name: string | null;
  owner_rep_id: string | null;
  account_id: string | null;
  lead_id: string | null;
  created_at: number;
  closed_at: number | null;
  status: DealStatus;
  amount: number | null;
  currency: string | null;
  units: number;
  stage: string | null;
}

export interface EmailsTable extends Provenance {
  org_id: number;
  id: string;
  rep_id: string | null;
  campaign: string | null;
  sent_at: number;
  bounced: number;
  opened_at: number | null;
}

export interface SpendTable extends Provenance {
  org_id: number;
  date: string;
  category: string;
  /** '' when the file has none: part of the row's key. */
  note: string;
  /** Which occurrence of (date, category, note) in its file: spend rows have no id (docs/import.md). */
  seq: number;
  amount: number;
  currency: string | null;
}

export interface TargetsTable extends Provenance {
  org_id: number;
  scope: string;
  metric: string;
  period_start: string;
  period_end: string;
  value: number;
}

export interface ImportsTable {
  id: Generated<number>;
  org_id: number | null;
  source: string;
  status: ImportStatus;
  started_at: number;
  finished_at: number | null;
  /** JSON: per-file row counts and warnings. */
  summary: string | null;
  error_count: number;
  /** JSON: the first errors, as reported. */
  errors: string | null;
  /** The process running it (os.hostname(), pid): set while running, kept afterwards. */
  owner_host: string | null;
  owner_pid: number | null;
}

/** The last successful import of each file (migration 2026-12-07-0005, docs/adr/0011-no-op-imports.md). */
export interface ImportedFilesTable {
  org_id: number;
  file: string;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  size: number;
  rows: number;
  /** The organisation's data_version after that import. */
  data_version: number;
  /** The importer rules and declared encoding the file was read under. */
  rules: string;
  /** JSON: the file's warnings, given again when the file is skipped. */
  warnings: string;
  import_id: number;
}

/** Per owner and local day sums that the KPI report reads instead of scanning facts. */
export interface DailyFactsTable {
  org_id: number;
  /** '' for records without an owner. */
  rep_id: string;
  day: number;
  deals_created: number;
  deals_won: number;
  revenue: number;
  units: number;
  cycle_ms: number;
  emails_sent: number;
  emails_delivered: number;
  emails_opened: number;
  leads_created: number;
  leads_with_deal: number;
  leads_won: number;
  lead_conversion_ms: number;
  /** Customers whose (effective) acquisition falls on this day. */
  customers_acquired: number;
  /** Customers whose churn falls on this day. */
  customers_churned: number;
  /** Σ acquired − churned over this owner's days up to this one: customers active at the next day's start. */
  customers_active: number;
}

/** Saved dashboards (migration 2026-11-28-0002); `version` for optimistic concurrency. */
export interface DashboardsTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  /** JSON array of widgets, validated against the contract's widgetSchema before it is written. */
  widgets: string;
  version: number;
  is_default: number;
  created_at: number;
  updated_at: number;
  /** The member who made it (user id); null for dashboards made before people existed. */
  owner_user_id: string | null;
}

/** Who besides owner and admins sees (and with can_edit, edits) a dashboard. */
export interface DashboardSharesTable {
  org_id: number;
  dashboard_id: number;
  /** 'org', 'team:NAME' or 'user:USER_ID'. */
  scope: string;
  can_edit: number;
}

/** Goals, targets and tasks (migration 2026-11-28-0003, docs/adr/0005). */
export interface GoalFoldersTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  position: number;
  created_at: number;
}

export type GoalKind = 'user' | 'quota';

export interface GoalsTable {
  id: Generated<number>;
  org_id: number;
  folder_id: number | null;
  name: string;
  description: string | null;
  owner_rep_id: string | null;
  start_date: string;
  due_date: string;
  kind: GoalKind;
  created_at: number;
  updated_at: number;
  version: number;
  /** The user id of the member who made it; null for goals from before people existed. */
  created_by: string | null;
  /** 1: visible to its creator and admins only, whatever its shares. */
  is_private: number;
}

export interface GoalSharesTable {
  org_id: number;
  goal_id: number;
  scope: string;
}

export interface GoalTargetsTable {
  id: Generated<number>;
  org_id: number;
  goal_id: number;
  name: string;
  kind: string;
  position: number;
  weight: number | null;
  start_value: number | null;
  target_value: number | null;
  current_value: number | null;
  done: number;
  metric: string | null;
  scope: string | null;
  direction: string;
  period_start: string | null;
  period_end: string | null;
  created_at: number;
  updated_at: number;
  /** 1: the target is the sales quota of its key (migration 2026-12-06-0004, docs/adr/0008). */
  is_quota: number;
}

export interface TargetUpdatesTable {
  id: Generated<number>;
  org_id: number;
  target_id: number;
  value: number;
  note: string | null;
  updated_by: string;
  at: number;
}

/** Changes of sales quotas made through goals (migration 2026-12-06-0004, docs/adr/0008). */
export interface QuotaChangesTable {
  id: Generated<number>;
  org_id: number;
  at: number;
  updated_by: string;
  action: 'set' | 'created' | 'deleted' | 'handed_over';
  scope: string;
  metric: string;
  period_start: string;
  period_end: string;
  old_value: number | null;
  new_value: number | null;
  goal_id: number | null;
  goal_name: string | null;
  target_id: number | null;
  target_name: string | null;
}

/** The task types and statuses of the API contract (a "todo" is the plain to-do). */
export type TaskType = (typeof TASK_TYPES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TasksTable {
  id: Generated<number>;
  org_id: number;
  title: string;
  type: TaskType;
  assignee_rep_id: string | null;
  due_date: string | null;
  status: TaskStatus;
  completed_at: number | null;
  deal_id: string | null;
  account_id: string | null;
  target_id: number | null;
  created_at: number;
  updated_at: number;
  /** The user id of the member who made it. */
  created_by: string | null;
}

/**
 * better-auth's tables (migration 2026-12-09-0007), as its schema generator makes them: dates are
 * `date` text on SQLite and timestamptz on PostgreSQL, booleans integers on SQLite. better-auth
 * reads and writes them; UDN only reads users' names and e-mail addresses and counts sessions.
 */
type AuthDate = Date | string;
type AuthBool = boolean | number;

export interface AuthUserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: AuthBool;
  image: string | null;
  createdAt: AuthDate;
  updatedAt: AuthDate;
  twoFactorEnabled: AuthBool | null;
}

export interface AuthSessionTable {
  id: string;
  expiresAt: AuthDate;
  token: string;
  createdAt: AuthDate;
  updatedAt: AuthDate;
  ipAddress: string | null;
  userAgent: string | null;
  userId: string;
}

export interface AuthAccountTable {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: AuthDate | null;
  refreshTokenExpiresAt: AuthDate | null;
  scope: string | null;
  password: string | null;
  createdAt: AuthDate;
  updatedAt: AuthDate;
}

export interface AuthVerificationTable {
  id: string;
  identifier: string;
  value: string;
  expiresAt: AuthDate;
  createdAt: AuthDate;
  updatedAt: AuthDate;
}

export interface AuthTwoFactorTable {
  id: string;
  secret: string;
  backupCodes: string;
  userId: string;
  verified: AuthBool | null;
  failedVerificationCount: number | null;
  lockedUntil: AuthDate | null;
}

export interface ServerSettingsTable {
  key: string;
  value: string;
}

/** A person's place in an organisation (docs/access.md). */
export interface MembersTable {
  org_id: number;
  user_id: string;
  role: string;
  /** The rep record a rep member is (reps.id). */
  rep_id: string | null;
  /** JSON array of team names a manager manages. */
  teams: string;
  created_at: number;
  updated_at: number;
}

export interface InvitationsTable {
  id: Generated<number>;
  org_id: number;
  /** null: a link anyone holding it may accept once. */
  email: string | null;
  role: string;
  rep_id: string | null;
  teams: string;
  /** SHA-256 of the invitation's secret, hex. */
  token_hash: string;
  invited_by: string | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
  revoked_at: number | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  org_id: number;
  user_id: string;
  name: string;
  scope: string;
  token_hash: string;
  prefix: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface ShareLinksTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  created_by: string | null;
  token_hash: string;
  prefix: string;
  /** JSON array of dashboard ids, in rotation order. */
  dashboard_ids: string;
  rotate_seconds: number;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  org_id: number | null;
  at: number;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_via: string;
  ip: string | null;
  kind: string;
  action: string;
  subject: string | null;
  summary: string;
  /** JSON of the values before and after, for settings and targets. */
  before: string | null;
  after: string | null;
}

/** Saved column mappings (migration 2026-12-10-0008), by organisation and name. */
export interface ImportMappingsTable {
  org_id: number;
  name: string;
  /** JSON of the mapping document (src/core/contracts/mapping.ts), validated before it is written. */
  document: string;
  created_at: number;
  updated_at: number;
  /** The user id of the member who saved it last; null from the CLI. */
  updated_by: string | null;
}

/** A URL or server-side folder pulled on a schedule (docs/adr/0021). */
export interface ImportSourcesTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  kind: string;
  location: string;
  header_name: string | null;
  /** The header value, encrypted (source-secret.ts); never sent back in full. */
  header_secret: string | null;
  header_tail: string | null;
  mapping_name: string | null;
  /** An inline mapping document (JSON). */
  mapping: string | null;
  /** Comma-separated tables. */
  snapshot: string;
  schedule: string;
  enabled: number;
  created_at: number;
  updated_at: number;
  etag: string | null;
  last_modified: string | null;
  last_hash: string | null;
  last_status: string | null;
  last_message: string | null;
  last_run_at: number | null;
  last_import_id: number | null;
  failures: number;
  retry_at: number | null;
}

export interface ImportSourceRunsTable {
  id: Generated<number>;
  source_id: number;
  org_id: number;
  started_at: number;
  finished_at: number | null;
  status: string;
  message: string | null;
  import_id: number | null;
  bytes: number | null;
  trigger: string;
}

export interface Database extends RhythmTables {
  orgs: OrgsTable;
  reps: RepsTable;
  accounts: AccountsTable;
  leads: LeadsTable;
  deals: DealsTable;
  emails: EmailsTable;
  spend: SpendTable;
  targets: TargetsTable;
  imports: ImportsTable;
  imported_files: ImportedFilesTable;
  daily_facts: DailyFactsTable;
  dashboards: DashboardsTable;
  goal_folders: GoalFoldersTable;
  goals: GoalsTable;
  goal_shares: GoalSharesTable;
  goal_targets: GoalTargetsTable;
  target_updates: TargetUpdatesTable;
  quota_changes: QuotaChangesTable;
  tasks: TasksTable;
  dashboard_shares: DashboardSharesTable;
  user: AuthUserTable;
  session: AuthSessionTable;
  account: AuthAccountTable;
  verification: AuthVerificationTable;
  twoFactor: AuthTwoFactorTable;
  server_settings: ServerSettingsTable;
  members: MembersTable;
  invitations: InvitationsTable;
  api_tokens: ApiTokensTable;
  share_links: ShareLinksTable;
  audit_log: AuditLogTable;
  import_mappings: ImportMappingsTable;
  import_sources: ImportSourcesTable;
  import_source_runs: ImportSourceRunsTable;
}
