import { z } from 'zod';

/* Scheduled digests (issue 14, docs/adr/0022, docs/digests.md). */

export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

export const LOCAL_TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export const digestRecipientsSchema = z.strictObject({
  users: z.array(z.string().min(1)).max(500).default([]),
  teams: z.array(z.string().min(1)).max(200).default([]),
  emails: z.array(z.email()).max(200).default([]),
});
export type DigestRecipients = z.output<typeof digestRecipientsSchema>;

/** The fields of a digest, each checked alone (a PATCH sends some of them). */
export const digestFieldsSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  /** A dashboard's id, or null for each recipient's own "My week". */
  dashboardId: z.number().int().positive().nullable(),
  frequency: z.enum(DIGEST_FREQUENCIES),
  /** Weekly: 1 (Monday) … 7; monthly: 1 … 28; daily: null. */
  day: z.number().int().min(1).max(28).nullable().default(null),
  localTime: z.string().regex(LOCAL_TIME_RE, { message: 'a local time like 08:00' }),
  recipients: digestRecipientsSchema,
  attachPdf: z.boolean().default(false),
  enabled: z.boolean().default(true),
});

/** The rules across fields: a weekly digest's day is a weekday, a monthly one's a day of the month. */
const dayRule = (
  d: { frequency: DigestFrequency; day: number | null },
  ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void },
): void => {
  if (d.frequency === 'weekly' && (d.day === null || d.day > 7))
    ctx.addIssue({ code: 'custom', path: ['day'], message: 'a weekly digest needs a day 1 (Monday) to 7' });
  if (d.frequency === 'monthly' && d.day === null)
    ctx.addIssue({
      code: 'custom',
      path: ['day'],
      message: 'a monthly digest needs a day of the month 1 to 28',
    });
};

export const digestInputSchema = digestFieldsSchema.superRefine(dayRule);
export type DigestInput = z.output<typeof digestInputSchema>;

/** PATCH /digests/:id: any of the fields; the result is checked whole (the day against the frequency). */
export const digestPatchSchema = z.strictObject({
  name: digestFieldsSchema.shape.name.optional(),
  dashboardId: digestFieldsSchema.shape.dashboardId.optional(),
  frequency: digestFieldsSchema.shape.frequency.optional(),
  day: z.number().int().min(1).max(28).nullable().optional(),
  localTime: digestFieldsSchema.shape.localTime.optional(),
  recipients: digestRecipientsSchema.optional(),
  attachPdf: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type DigestPatch = z.output<typeof digestPatchSchema>;

export const DIGEST_STATUSES = ['sent', 'partial', 'failed'] as const;
export type DigestStatus = (typeof DIGEST_STATUSES)[number];

export const digestSchema = z.object({
  id: z.number(),
  name: z.string(),
  dashboardId: z.number().nullable(),
  frequency: z.enum(DIGEST_FREQUENCIES),
  day: z.number().nullable(),
  localTime: z.string(),
  recipients: z.object({
    users: z.array(z.string()),
    teams: z.array(z.string()),
    emails: z.array(z.string()),
  }),
  attachPdf: z.boolean(),
  enabled: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The next scheduled send (ISO instant); null when disabled. */
  nextSendAt: z.string().nullable(),
  lastSentAt: z.string().nullable(),
  lastStatus: z.enum(DIGEST_STATUSES).nullable(),
  lastMessage: z.string().nullable(),
  /** Whether the caller may change or delete it. */
  canEdit: z.boolean(),
});
export type Digest = z.infer<typeof digestSchema>;
export const digestListSchema = z.object({ digests: z.array(digestSchema) });

/** One recipient's outcome of a send. */
export const digestDeliverySchema = z.object({
  email: z.string(),
  /** The member's user id; null for a plain address. */
  userId: z.string().nullable(),
  /** Whose view the message was built as: the member's role, or `viewer` for a plain address. */
  as: z.string(),
  status: z.enum(['sent', 'failed']),
  error: z.string().nullable(),
});
export type DigestDelivery = z.infer<typeof digestDeliverySchema>;

export const digestSendResultSchema = z.object({
  status: z.enum(DIGEST_STATUSES),
  message: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  deliveries: z.array(digestDeliverySchema),
});
export type DigestSendResult = z.infer<typeof digestSendResultSchema>;
