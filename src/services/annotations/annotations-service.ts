import type { Principal } from '../../core/access/principal.ts';
import type {
  AnnotationInput,
  AnnotationItem,
  AnnotationQuery,
  AnnotationUpdate,
} from '../../core/contracts/annotations.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import {
  type AnnotationRow,
  deleteAnnotation,
  findAnnotation,
  insertAnnotation,
  listAnnotations,
  updateAnnotation,
} from '../../db/annotations-repo.ts';
import type { Store } from '../../db/database.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { canEditAnnotation } from './annotation-access.ts';

const itemOf = (row: AnnotationRow, principal: Principal): AnnotationItem => ({
  id: row.id,
  from: row.from_day,
  to: row.to_day,
  note: row.note,
  team: row.team,
  canEdit: canEditAnnotation(principal, row.team),
  createdBy: row.created_by,
});

export function annotationsOf(
  store: Store,
  orgId: number,
  principal: Principal,
  query: AnnotationQuery,
): Promise<AnnotationItem[]> {
  return listAnnotations(store.db, orgId, query).then((rows) => rows.map((row) => itemOf(row, principal)));
}

/** A team is a name some rep has (KPI-SPEC §2's rule for a target's `team:` scope). */
async function checkTeam(store: Store, orgId: number, team: string | null): Promise<void> {
  if (team === null) return;
  const reps = await loadReps(store.db, orgId);
  if (!reps.some((rep) => rep.team === team)) {
    throw invalid('team', `no rep has team "${team}"`, { rule: 'unknown_team', team });
  }
}

function checkEditor(principal: Principal, team: string | null): void {
  if (canEditAnnotation(principal, team)) return;
  throw forbidden(
    team === null
      ? 'only admins annotate the whole organisation'
      : `only admins and the managers of team "${team}" annotate its charts`,
    { entity: 'annotation' },
  );
}

export async function createAnnotation(
  store: Store,
  orgId: number,
  principal: Principal,
  input: AnnotationInput,
  now = Date.now(),
): Promise<AnnotationItem> {
  checkEditor(principal, input.team);
  await checkTeam(store, orgId, input.team);
  const row = await insertAnnotation(
    store.db,
    orgId,
    { team: input.team, from_day: input.from, to_day: input.to, note: input.note },
    principal.email ?? principal.name,
    now,
  );
  return itemOf(row, principal);
}

async function existing(
  store: Store,
  orgId: number,
  principal: Principal,
  id: number,
): Promise<AnnotationRow> {
  const row = await findAnnotation(store.db, orgId, id);
  if (!row) throw notFound('annotation', id);
  checkEditor(principal, row.team);
  return row;
}

/** Changes an annotation: the principal must be allowed both the old team and the new one. */
export async function changeAnnotation(
  store: Store,
  orgId: number,
  principal: Principal,
  id: number,
  update: AnnotationUpdate,
  now = Date.now(),
): Promise<{ before: AnnotationItem; after: AnnotationItem }> {
  const row = await existing(store, orgId, principal, id);
  const team = update.team === undefined ? row.team : update.team;
  const from = update.from ?? row.from_day;
  const to = update.to ?? row.to_day;
  if (to < from) throw invalid(update.to === undefined ? 'from' : 'to', `${to} is before ${from}`);
  checkEditor(principal, team);
  if (team !== row.team) await checkTeam(store, orgId, team);
  const saved = await updateAnnotation(
    store.db,
    orgId,
    id,
    { team, from_day: from, to_day: to, note: update.note ?? row.note },
    now,
  );
  if (!saved) throw notFound('annotation', id);
  return { before: itemOf(row, principal), after: itemOf(saved, principal) };
}

export async function removeAnnotation(
  store: Store,
  orgId: number,
  principal: Principal,
  id: number,
): Promise<AnnotationItem> {
  const row = await existing(store, orgId, principal, id);
  if (!(await deleteAnnotation(store.db, orgId, id))) throw notFound('annotation', id);
  return itemOf(row, principal);
}
