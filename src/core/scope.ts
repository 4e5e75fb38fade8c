import { type DomainError, type ErrorParams, invalid } from './errors.ts';

/**
 * A scope (KPI-SPEC §3): the organisation, a team (the reps whose `team` is that name) or one rep.
 * Written `org`, `team:<team name>` or `rep:<rep id>` — in targets.csv, query strings, goal shares
 * and stored rows. Text is read here, once where it comes in (HTTP contract, CSV cell, a stored
 * row); past that the code works with the typed value.
 */
export type Scope = { kind: 'org' } | { kind: 'team'; name: string } | { kind: 'rep'; id: string };

export const ORG_SCOPE: Scope = { kind: 'org' };

/** What a text that is not a scope is told: the three forms a scope takes. */
export const SCOPE_SYNTAX = 'must be org, team:<team name> or rep:<rep id>';

type ScopeParse = { ok: true; scope: Scope } | { ok: false; reason: string };

// A name never spans lines: the contracts always matched `team:.+` line by line.
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * `org`, `team:<name>` or `rep:<id>`. Spaces around the text and after the colon are not part of
 * the name (`team: Jakarta` is team Jakarta, as targets.csv and the goals API have always read it);
 * a team or rep needs a non-empty name on one line.
 */
export function parseScope(text: string): ScopeParse {
  const trimmed = text.trim();
  if (trimmed === 'org') return { ok: true, scope: ORG_SCOPE };
  for (const kind of ['team', 'rep'] as const) {
    if (!trimmed.startsWith(`${kind}:`)) continue;
    const name = trimmed.slice(kind.length + 1).trimStart();
    if (name === '' || LINE_BREAK.test(name)) break;
    return { ok: true, scope: kind === 'team' ? { kind, name } : { kind, id: name } };
  }
  return { ok: false, reason: SCOPE_SYNTAX };
}

/** The canonical text of a scope: what is stored and sent (`team:Jakarta`, never `team: Jakarta`). */
export function formatScope(scope: Scope): string {
  if (scope.kind === 'org') return 'org';
  return scope.kind === 'team' ? `team:${scope.name}` : `rep:${scope.id}`;
}

/** A text as its canonical scope text, or null when it is no scope. */
export function canonicalScope(text: string): string | null {
  const parsed = parseScope(text);
  return parsed.ok ? formatScope(parsed.scope) : null;
}

type Slices<T> = Readonly<Record<string, T>> | ReadonlyMap<string, T>;

const sliceOf = <T>(slices: Slices<T>, key: string): T | undefined =>
  slices instanceof Map
    ? slices.get(key)
    : Object.hasOwn(slices, key)
      ? (slices as Readonly<Record<string, T>>)[key]
      : undefined;

/**
 * A scope's part of something kept per scope — a KPI report (`org`, `teams[name]`, `reps[id]`) or
 * the computed values behind it; undefined when the report has no such team or rep.
 */
export function scopeSlice<T>(
  report: { org: T; teams: Slices<T>; reps: Slices<T> },
  scope: Scope,
): T | undefined {
  if (scope.kind === 'org') return report.org;
  return scope.kind === 'team' ? sliceOf(report.teams, scope.name) : sliceOf(report.reps, scope.id);
}

/** What a scope is resolved against: the reps and their teams (more fields ride along). */
export interface ScopeRep {
  id: string;
  team: string | null;
}

/** The reps of a team: those whose `team` is its name now (KPI-SPEC §3). */
export const teamMembers = <R extends ScopeRep>(reps: readonly R[], team: string): R[] =>
  reps.filter((rep) => rep.team === team);

/** Why a scope names nothing among the reps: a team no rep has, or a rep that does not exist. */
type ScopeProblem = { kind: 'unknown_team'; team: string } | { kind: 'unknown_rep'; rep: string };

/** The organisation always exists; a team exists while some rep has it; a rep when it is one of them. */
export function scopeProblem(scope: Scope, reps: readonly ScopeRep[]): ScopeProblem | null {
  if (scope.kind === 'team') {
    return reps.some((rep) => rep.team === scope.name) ? null : { kind: 'unknown_team', team: scope.name };
  }
  if (scope.kind === 'rep') {
    return reps.some((rep) => rep.id === scope.id) ? null : { kind: 'unknown_rep', rep: scope.id };
  }
  return null;
}

/**
 * The problem as the API words it. Where goals are shared and targeted an unknown team says why it
 * is unknown; the KPI queries have always said it shorter. Both are kept word for word.
 */
export function scopeProblemText(problem: ScopeProblem, wording: 'goals' | 'kpis'): string {
  if (problem.kind === 'unknown_rep') return `unknown rep "${problem.rep}"`;
  return wording === 'goals'
    ? `unknown team "${problem.team}" (no rep has it)`
    : `unknown team "${problem.team}"`;
}

/** The problem as an invalid `field`, with the team or rep as a parameter of its message. */
export function scopeProblemError(
  field: string,
  problem: ScopeProblem,
  wording: 'goals' | 'kpis',
): DomainError {
  const params: ErrorParams =
    problem.kind === 'unknown_team'
      ? { rule: problem.kind, team: problem.team }
      : { rule: problem.kind, rep: problem.rep };
  return invalid(field, scopeProblemText(problem, wording), params);
}

/** A scope with the reps it covers and the owners whose records count (null: all, unowned ones too). */
export interface ResolvedScope<R extends ScopeRep> {
  scope: Scope;
  owners: string[] | null;
  reps: R[];
}

/** Resolves a scope against the reps, or says which team or rep does not exist. */
export function resolveScope<R extends ScopeRep>(
  scope: Scope,
  reps: readonly R[],
): { ok: true; resolved: ResolvedScope<R> } | { ok: false; problem: ScopeProblem } {
  const problem = scopeProblem(scope, reps);
  if (problem) return { ok: false, problem };
  if (scope.kind === 'org') return { ok: true, resolved: { scope, owners: null, reps: [...reps] } };
  const covered =
    scope.kind === 'team' ? teamMembers(reps, scope.name) : reps.filter((r) => r.id === scope.id);
  return { ok: true, resolved: { scope, owners: covered.map((rep) => rep.id), reps: covered } };
}
