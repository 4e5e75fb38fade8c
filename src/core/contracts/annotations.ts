import { z } from 'zod';
import { dateTextSchema } from './goals.ts';

/* Annotations on time charts (issue 14): a day or a range with a note, for the org or a team. */

export const annotationInputSchema = z
  .strictObject({
    from: dateTextSchema,
    to: dateTextSchema,
    note: z.string().trim().min(1).max(280),
    /** null: the whole organisation. */
    team: z.string().trim().min(1).max(120).nullable().default(null),
  })
  .refine((a) => a.to >= a.from, { path: ['to'], message: 'must be on or after `from`' });

export interface AnnotationItem {
  id: number;
  from: string;
  to: string;
  note: string;
  team: string | null;
  canEdit: boolean;
  createdBy: string | null;
}

/** A change to an annotation: any of its fields; the range is checked again as a whole. */
export const annotationUpdateSchema = z
  .strictObject({
    from: dateTextSchema.optional(),
    to: dateTextSchema.optional(),
    note: z.string().trim().min(1).max(280).optional(),
    team: z.string().trim().min(1).max(120).nullable().optional(),
  })
  .refine((a) => a.from === undefined || a.to === undefined || a.to >= a.from, {
    path: ['to'],
    message: 'must be on or after `from`',
  });

/**
 * Which annotations to list: those overlapping `from`..`to` (either end may be left open); with a
 * `team`, the organisation's and that team's only — what a chart of that team draws.
 */
export const annotationQuerySchema = z
  .strictObject({
    from: dateTextSchema.optional(),
    to: dateTextSchema.optional(),
    team: z.string().trim().min(1).max(120).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to >= q.from, {
    path: ['to'],
    message: 'must be on or after `from`',
  });

export const annotationItemSchema = z.object({
  id: z.number(),
  from: z.string(),
  to: z.string(),
  note: z.string(),
  team: z.string().nullable(),
  canEdit: z.boolean(),
  createdBy: z.string().nullable(),
});

export type AnnotationInput = z.infer<typeof annotationInputSchema>;
export type AnnotationUpdate = z.infer<typeof annotationUpdateSchema>;
export type AnnotationQuery = z.infer<typeof annotationQuerySchema>;
