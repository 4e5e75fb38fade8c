import { z } from 'zod';
import { formatScope, parseScope, SCOPE_SYNTAX, type Scope } from '../scope.ts';

/**
 * Scopes as the HTTP contract takes them: `org`, `team:<name>` or `rep:<id>`, as in targets.csv,
 * read by core parseScope (an invalid one is a 400 naming the field). The pattern is what OpenAPI
 * shows of them.
 */
const DOCUMENTED = { pattern: '^(org|team:.+|rep:.+)$' };

/** A scope parameter, parsed once here: what the KPI queries and the goal filter work with. */
export const scopeParamSchema = z
  .string()
  .transform((text, ctx): Scope => {
    const parsed = parseScope(text);
    if (parsed.ok) return parsed.scope;
    ctx.addIssue({ code: 'custom', message: parsed.reason, input: text, params: { format: 'scope' } });
    return z.NEVER;
  })
  .meta(DOCUMENTED);

/**
 * A scope the goals store as text (a KPI target's scope, a goal's shares): validated by the same
 * parser and kept in its canonical form, so equal scopes are equal text (`team: Jakarta` → `team:Jakarta`).
 */
export const canonicalScopeSchema = scopeParamSchema.transform(formatScope).meta(DOCUMENTED);

/** A widget's scope setting: a valid scope, kept as the dashboard editor wrote it. */
export const scopeSettingSchema = z
  .string()
  .refine((text) => parseScope(text).ok, { message: SCOPE_SYNTAX, params: { format: 'scope' } })
  .meta(DOCUMENTED);
