import { z } from 'zod';

/**
 * Finding accounts and deals by name, for pickers (a task's account or deal). The search is a
 * case-insensitive part of the name or the start of the id; answers are short lists, best match
 * first, with `more` telling the picker that typing more would narrow them.
 */

export const LOOKUP_LIMIT_MAX = 50;
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;

export const lookupQuerySchema = z.object({
  /** Part of the name, or the start of the id; empty lists the first ones. */
  search: z.string().trim().max(100, 'must be at most 100 characters').default(''),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(LOOKUP_LIMIT_MAX, `must be at most ${LOOKUP_LIMIT_MAX}`)
    .default(20),
});

export const accountOptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  owner_rep_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  /** A customer now: acquired (or won a deal) and not churned. */
  customer: z.boolean(),
});

export const dealOptionSchema = z.object({
  id: z.string(),
  /** Deals may come without a name (deals.csv); a picker then shows the id. */
  name: z.string().nullable(),
  status: z.enum(DEAL_STATUSES),
  stage: z.string().nullable(),
  account_id: z.string().nullable(),
  account_name: z.string().nullable(),
  owner_rep_id: z.string().nullable(),
  owner_name: z.string().nullable(),
});

export const accountLookupSchema = z.object({
  accounts: z.array(accountOptionSchema),
  /** More accounts match than were listed. */
  more: z.boolean(),
});
export const dealLookupSchema = z.object({
  deals: z.array(dealOptionSchema),
  more: z.boolean(),
});

export type AccountOption = z.infer<typeof accountOptionSchema>;
export type DealOption = z.infer<typeof dealOptionSchema>;
export type AccountLookup = z.infer<typeof accountLookupSchema>;
export type DealLookup = z.infer<typeof dealLookupSchema>;
