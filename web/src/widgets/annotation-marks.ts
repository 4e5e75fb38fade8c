import { parseScope, type ScopeRep } from '../../../src/core/scope.ts';

/** What a chart needs of an annotation (AnnotationItem from the API). */
export interface ChartAnnotation {
  id: number;
  from: string;
  to: string;
  note: string;
  team: string | null;
}

/**
 * The annotations a chart of `scope` draws: the organisation's on every chart, a team's on that
 * team's charts and on the charts of its reps.
 */
export function annotationsForScope<A extends ChartAnnotation>(
  items: readonly A[],
  scope: string,
  reps: readonly ScopeRep[],
): A[] {
  const parsed = parseScope(scope);
  const team = !parsed.ok
    ? null
    : parsed.scope.kind === 'team'
      ? parsed.scope.name
      : parsed.scope.kind === 'rep'
        ? (reps.find((rep) => rep.id === (parsed.scope as { id: string }).id)?.team ?? null)
        : null;
  return items.filter((item) => item.team === null || (team !== null && item.team === team));
}

export interface AnnotationMark<A extends ChartAnnotation> {
  annotation: A;
  /** The first and last bucket (axis index) the annotation's days fall in. */
  start: number;
  end: number;
}

/**
 * Where each annotation sits on a chart's buckets (each from..to, inclusive days, in order): the
 * buckets its days overlap. One bucket is a line, several an area; an annotation outside the
 * chart's days is left out.
 */
export function annotationMarks<A extends ChartAnnotation>(
  items: readonly A[],
  buckets: readonly { from: string; to: string }[],
): AnnotationMark<A>[] {
  const marks: AnnotationMark<A>[] = [];
  for (const annotation of items) {
    const start = buckets.findIndex((bucket) => bucket.to >= annotation.from && bucket.from <= annotation.to);
    if (start < 0) continue;
    let end = start;
    while (end + 1 < buckets.length && buckets[end + 1]!.from <= annotation.to) end++;
    marks.push({ annotation, start, end });
  }
  return marks;
}
