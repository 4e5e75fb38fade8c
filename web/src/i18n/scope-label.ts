import { parseScope } from '../../../src/core/scope.ts';
import type { Translate } from './i18n-context.tsx';

/**
 * How a scope (`org`, `team:<name>`, `rep:<id>`) reads in a heading: "Organisation", the team's
 * name, the rep's name (its id when the rep is unknown); text that is no scope as it is.
 */
export function scopeLabel(
  text: string,
  reps: readonly { id: string; name: string }[],
  t: Translate,
): string {
  const parsed = parseScope(text);
  if (!parsed.ok) return text;
  const { scope } = parsed;
  if (scope.kind === 'org') return t('scope.org');
  if (scope.kind === 'team') return scope.name;
  return reps.find((rep) => rep.id === scope.id)?.name ?? scope.id;
}
