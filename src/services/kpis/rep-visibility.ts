import type { Principal } from '../../core/access/principal.ts';
import { needsReps, type RepVisibility, repVisibility } from '../../core/access/visibility.ts';
import type { ScopeRep } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';

/**
 * The reps and their teams of each organisation at its data version: the reps only change by an
 * import, which moves the version, so a manager's visibility costs no query on most requests. Kept
 * per store (tests run many stores whose organisations share ids), one entry per organisation.
 */
const repsByStore = new WeakMap<Store, Map<number, { version: number; reps: Promise<ScopeRep[]> }>>();

function repsOf(store: Store, org: OrgRecord): Promise<ScopeRep[]> {
  let byOrg = repsByStore.get(store);
  if (!byOrg) {
    byOrg = new Map();
    repsByStore.set(store, byOrg);
  }
  const known = byOrg.get(org.id);
  if (known && known.version === org.data_version) return known.reps;
  const reps = loadReps(store.db, org.id).then((rows) => rows.map(({ id, team }) => ({ id, team })));
  byOrg.set(org.id, { version: org.data_version, reps });
  // A failed read is not kept: the next request tries again.
  reps.catch(() => {
    if (byOrg.get(org.id)?.reps === reps) byOrg.delete(org.id);
  });
  return reps;
}

/** Which reps' individual numbers `principal` may see in `org` (core/access/visibility.ts). */
export async function visibilityOf(
  store: Store,
  org: OrgRecord,
  principal: Principal,
): Promise<RepVisibility> {
  return repVisibility(principal, org, needsReps(principal, org) ? await repsOf(store, org) : []);
}
