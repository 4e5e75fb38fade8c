import type { OrgRecord } from '../db/org-repo.ts';
import type { ServerContext } from './server-context.ts';

/** Every goal or task write tells open pages; one that changed a quota also moved the KPI data version. */
export function announce(ctx: ServerContext, org: OrgRecord, dataVersion: number | null): void {
  if (dataVersion !== null) {
    ctx.orgChanged(org.id);
    ctx.live.dataChanged(org.id, dataVersion);
  }
  ctx.live.publish(org.id, { type: 'goals-changed' });
}
