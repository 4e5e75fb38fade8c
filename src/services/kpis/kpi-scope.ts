import {
  type ResolvedScope,
  resolveScope,
  type Scope,
  type ScopeRep,
  scopeProblemError,
} from '../../core/scope.ts';

/** A KPI query's scope resolved against the reps; a team or rep that does not exist is an invalid `scope`. */
export function kpiScopeOf<R extends ScopeRep>(scope: Scope, reps: readonly R[]): ResolvedScope<R> {
  const result = resolveScope(scope, reps);
  if (!result.ok) throw scopeProblemError('scope', result.problem, 'kpis');
  return result.resolved;
}
