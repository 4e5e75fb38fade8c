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
