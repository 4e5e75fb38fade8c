import { z } from 'zod';
import { lineText } from './text-fields.ts';

/**
 * Share links: a secret, read-only link that shows dashboards on an office TV (the kiosk at
 * `/tv/<secret>`). The secret is shown once, in `url`; lists carry only its first characters.
 */

/** How long each dashboard stays on screen before the next, in seconds. */
export const ROTATE_SECONDS = { min: 5, max: 3600, default: 30 } as const;

/** At most this many dashboards rotate on one link. */
export const MAX_SHARED_DASHBOARDS = 20;

export const shareLinkCreateSchema = z.object({
  name: lineText(100),
  dashboardIds: z
    .array(z.number().int().positive())
    .min(1, 'must name at least one dashboard')
    .max(MAX_SHARED_DASHBOARDS, `must name at most ${MAX_SHARED_DASHBOARDS} dashboards`),
  rotateSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(ROTATE_SECONDS.min, `must be at least ${ROTATE_SECONDS.min} seconds`)
    .max(ROTATE_SECONDS.max, `must be at most ${ROTATE_SECONDS.max} seconds`)
    .default(ROTATE_SECONDS.default),
  expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time' }).nullable(),
});
export type ShareLinkCreate = z.input<typeof shareLinkCreateSchema>;

export const shareLinkSchema = z.object({
  id: z.number(),
  name: z.string(),
  /** The secret's first characters (`udn_tv_ab12`), to tell links apart. */
  prefix: z.string(),
  dashboardIds: z.array(z.number()),
  rotateSeconds: z.number(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  /** The user id of the person who made it (null once they are gone from the install). */
  createdBy: z.string().nullable(),
  /** Their name, or e-mail when they have none, for the list. */
  createdByName: z.string().nullable(),
});
export type ShareLink = z.infer<typeof shareLinkSchema>;

export const shareLinkListSchema = z.object({ links: z.array(shareLinkSchema) });
export type ShareLinkList = z.infer<typeof shareLinkListSchema>;

export const shareLinkCreatedSchema = z.object({
  link: shareLinkSchema,
  /** `/tv/<secret>`: shown once, never again. */
  url: z.string(),
});
export type ShareLinkCreated = z.infer<typeof shareLinkCreatedSchema>;

/** What a kiosk asks first (`GET /api/v1/share` with its secret): what to rotate through. */
export const shareInfoSchema = z.object({
  name: z.string(),
  orgName: z.string(),
  /** The link's dashboards that still exist, in rotation order. */
  dashboardIds: z.array(z.number()),
  rotateSeconds: z.number(),
});
export type ShareInfo = z.infer<typeof shareInfoSchema>;

/** The request header a kiosk sends its secret in. */
export const SHARE_HEADER = 'x-udn-share';
