import { z } from 'zod';

/* Scheduled digests (issue 14, docs/adr/0022). */

export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;

export const digestRecipientsSchema = z.strictObject({
  users: z.array(z.string().min(1)).max(500).default([]),
  teams: z.array(z.string().min(1)).max(200).default([]),
  emails: z.array(z.email()).max(200).default([]),
});

export const digestInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    /** A dashboard's id, or null for each recipient's own "My week". */
    dashboardId: z.number().int().positive().nullable(),
    frequency: z.enum(DIGEST_FREQUENCIES),
    /** Weekly: 1 (Monday) … 7; monthly: 1 … 28; daily: null. */
    day: z.number().int().min(1).max(28).nullable().default(null),
    localTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'a local time like 08:00' }),
    recipients: digestRecipientsSchema,
    attachPdf: z.boolean().default(false),
    enabled: z.boolean().default(true),
  })
  .superRefine((d, ctx) => {
    if (d.frequency === 'weekly' && (d.day === null || d.day > 7))
      ctx.addIssue({ code: 'custom', path: ['day'], message: 'a weekly digest needs a day 1 (Monday) to 7' });
    if (d.frequency === 'monthly' && d.day === null)
      ctx.addIssue({
        code: 'custom',
        path: ['day'],
        message: 'a monthly digest needs a day of the month 1 to 28',
      });
  });
export type DigestInput = z.output<typeof digestInputSchema>;
