import type { OrgRecord } from '../../db/org-repo.ts';

/** What a goals write returns: its value, and the new data version when a KPI input (a quota) changed. */
export interface WriteOutcome<T> {
  value: T;
  /** The new data version when a KPI input (a quota) changed; null otherwise. */
  dataVersion: number | null;
}

/** The organisation after a write: a bumped version must key what is computed next. */
export const orgAfter = (org: OrgRecord, dataVersion: number | null): OrgRecord =>
  dataVersion === null ? org : { ...org, data_version: dataVersion };
