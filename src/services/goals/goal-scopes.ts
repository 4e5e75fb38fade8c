import type { RepInfo } from '../../core/kpis/report.ts';
import {
  parseScope,
  type Scope,
  scopeProblem,
  scopeProblemError,
  scopeProblemText,
} from '../../core/scope.ts';

/**
 * Why a goal target's scope (text, as sent or stored) cannot be used, or null: it must be a scope,
 * and its team one some rep has, its rep one that exists. The goals API's words (core/scope.ts).
 */
export function scopeTextProblem(text: string, reps: readonly RepInfo[]): string | null {
  const parsed = parseScope(text);
  if (!parsed.ok) return parsed.reason;
  const problem = scopeProblem(parsed.scope, reps);
  return problem === null ? null : scopeProblemText(problem, 'goals');
}

/** A scope checked against the reps: the invalid `field` when its team or rep does not exist. */
export function checkScope(scope: Scope, reps: readonly RepInfo[], field: string): void {
  const problem = scopeProblem(scope, reps);
  if (problem !== null) throw scopeProblemError(field, problem, 'goals');
}

/** "Organisation", "Team Jakarta", or the rep's name: how a scope reads in a generated target name. */
export function scopeLabel(text: string, reps: readonly RepInfo[]): string {
  const parsed = parseScope(text);
  if (!parsed.ok) return text;
  const { scope } = parsed;
  if (scope.kind === 'org') return 'Organisation';
  if (scope.kind === 'team') return `Team ${scope.name}`;
  return reps.find((rep) => rep.id === scope.id)?.name ?? scope.id;
}
