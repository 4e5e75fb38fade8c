import type { Kysely } from 'kysely';
import type { DialectName } from './dialect.ts';
import * as initial from './migrations/2026-11-28-0001-initial.ts';
import * as dashboards from './migrations/2026-11-28-0002-dashboards.ts';
import * as goals from './migrations/2026-11-28-0003-goals.ts';
import * as quotaLinks from './migrations/2026-12-06-0004-quota-links.ts';
import * as importedFiles from './migrations/2026-12-07-0005-imported-files.ts';
import * as importOwner from './migrations/2026-12-08-0006-import-owner.ts';
import * as peopleAndAccess from './migrations/2026-12-09-0007-people-and-access.ts';
import * as importMappings from './migrations/2026-12-10-0008-import-mappings.ts';
import * as importSources from './migrations/2026-12-10-0009-import-sources.ts';
import * as alerts from './migrations/2026-12-11-0010-alerts.ts';
import * as notifications from './migrations/2026-12-11-0011-notifications.ts';
import * as webhooks from './migrations/2026-12-11-0012-webhooks.ts';
import * as digests from './migrations/2026-12-11-0013-digests.ts';
import * as annotations from './migrations/2026-12-11-0014-annotations.ts';
import * as eventWatch from './migrations/2026-12-11-0015-event-watch.ts';

export type DialectMigration = {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
};

/**
 * Migrations in order; the same set serves SQLite and PostgreSQL. A migration's name is what a
 * database records as done: names never change, and a new migration is added at the end.
 */
export const MIGRATIONS: Readonly<Record<string, DialectMigration>> = {
  '2026-11-28-0001-initial': initial,
  '2026-11-28-0002-dashboards': dashboards,
  '2026-11-28-0003-goals': goals,
  '2026-12-06-0004-quota-links': quotaLinks,
  '2026-12-07-0005-imported-files': importedFiles,
  '2026-12-08-0006-import-owner': importOwner,
  '2026-12-09-0007-people-and-access': peopleAndAccess,
  '2026-12-10-0008-import-mappings': importMappings,
  '2026-12-10-0009-import-sources': importSources,
  '2026-12-11-0010-alerts': alerts,
  '2026-12-11-0011-notifications': notifications,
  '2026-12-11-0012-webhooks': webhooks,
  '2026-12-11-0013-digests': digests,
  '2026-12-11-0014-annotations': annotations,
  '2026-12-11-0015-event-watch': eventWatch,
};
