import { z } from 'zod';
import { currencyDigits } from './money.ts';
import { canonicalTimeZone, isValidTimeZone } from './time-zone.ts';

/** The keys of `org.json` (KPI-SPEC §1); every key is optional. */
export const orgJsonSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'is not an IANA time zone name (e.g. "Asia/Jakarta")' })
    .transform((name) => canonicalTimeZone(name) ?? name)
    .optional(),
  currency: z
    .string()
    .refine((c) => currencyDigits(c) !== undefined, {
      message: 'is not an ISO 4217 currency code (e.g. "IDR")',
    })
    .optional(),
  fiscal_year_start_month: z.number().int().min(1).max(12).optional(),
  gross_margin: z.number().min(0).max(1).optional(),
});

export type OrgJson = z.output<typeof orgJsonSchema>;

export { DEFAULT_ORG_SETTINGS, type OrgSettings } from './org-defaults.ts';

export const ORG_JSON_KEYS = Object.keys(orgJsonSchema.shape);
