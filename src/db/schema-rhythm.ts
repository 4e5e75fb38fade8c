import type { Generated } from 'kysely';

/*
 * Row types of the tables of issue 14 (alerts, notifications, webhooks, digests, annotations):
 * migrations 0010–0014. Same conventions as schema.ts: instants are epoch milliseconds, JSON is text.
 */

export interface AlertRulesTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  kind: string;
  condition: string;
  scope_kind: string;
  scope_id: string | null;
  create_task: number;
  recipients: string;
  enabled: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  last_checked_at: number | null;
}

export interface AlertStatesTable {
  rule_id: number;
  subject: string;
  crossed: number;
  value: number | null;
  changed_at: number;
}

export interface AlertEventsTable {
  id: Generated<number>;
  org_id: number;
  rule_id: number;
  subject: string;
  fired_at: number;
  title: string;
  message: string;
  value: number | null;
  link: string;
  task_id: number | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  org_id: number;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: number;
  read_at: number | null;
}

export interface NotificationSettingsTable {
  org_id: number;
  user_id: string;
  channels: string;
  quiet_from: string | null;
  quiet_to: string | null;
  time_zone: string | null;
  slack_url: string | null;
  teams_url: string | null;
  gchat_url: string | null;
  updated_at: number;
}

export interface ChannelDeliveriesTable {
  id: Generated<number>;
  org_id: number;
  user_id: string | null;
  channel: string;
  target: string;
  kind: string;
  subject: string;
  status: string;
  error: string | null;
  created_at: number;
  sent_at: number | null;
  payload: string | null;
  send_after: number | null;
}

export interface WebhooksTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  url: string;
  events: string;
  secret: string;
  secret_tail: string;
  allow_private: number;
  enabled: number;
  disabled_reason: string | null;
  failures: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  org_id: number;
  event: string;
  event_id: string;
  payload: string;
  attempts: number;
  status: string;
  response_code: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: number;
  last_attempt_at: number | null;
  next_attempt_at: number | null;
}

export interface DigestsTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  dashboard_id: number | null;
  frequency: string;
  day: number | null;
  local_time: string;
  recipients: string;
  attach_pdf: number;
  enabled: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  last_sent_at: number | null;
  last_status: string | null;
  last_message: string | null;
}

export interface ScheduledJobsTable {
  name: string;
  next_run_at: number;
  last_run_at: number | null;
  last_status: string | null;
  last_message: string | null;
}

export interface AnnotationsTable {
  id: Generated<number>;
  org_id: number;
  team: string | null;
  from_day: string;
  to_day: string;
  note: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** What outbound webhooks remember to tell events from data (migration 0015). */
export interface EventWatchTable {
  org_id: number;
  kind: string;
  subject: string;
  value: string;
  updated_at: number;
}

export interface RhythmTables {
  alert_rules: AlertRulesTable;
  alert_states: AlertStatesTable;
  alert_events: AlertEventsTable;
  notifications: NotificationsTable;
  notification_settings: NotificationSettingsTable;
  channel_deliveries: ChannelDeliveriesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  digests: DigestsTable;
  scheduled_jobs: ScheduledJobsTable;
  annotations: AnnotationsTable;
  event_watch: EventWatchTable;
}
