import { z } from 'zod';
import { MAPPABLE_TABLES, mappingSchema } from './mapping.ts';

/**
 * Scheduled sources (docs/adr/0021): a URL of a CSV/XLSX or a server-side folder, pulled on a cron
 * schedule and imported like an upload. What the API takes and answers.
 */

export const SOURCE_KINDS = ['url', 'folder'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How a run ended; `retrying` failed and will be tried again, `failed` gave up until the next schedule. */
export const SOURCE_RUN_STATUSES = ['running', 'succeeded', 'skipped', 'failed', 'retrying'] as const;
export type SourceRunStatus = (typeof SOURCE_RUN_STATUSES)[number];

const name = z.string().trim().min(1).max(100);
const headerName = z
  .string()
  .trim()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'is not a valid HTTP header name')
  .max(100);

export const sourceInputSchema = z
  .object({
    name,
    kind: z.enum(SOURCE_KINDS),
    /** The URL (http or https) or the folder's absolute path. */
    location: z.string().trim().min(1).max(2000),
    /** One request header sent with a URL source's request (`Authorization`), with its value. */
    headerName: headerName.nullable().optional(),
    headerValue: z.string().min(1).max(4000).nullable().optional(),
    /** A saved mapping's name; or `mapping`, a mapping document; neither: files recognised by header. */
    mappingName: z.string().trim().min(1).max(100).nullable().optional(),
    mapping: mappingSchema.nullable().optional(),
    /** Tables whose files are full snapshots: rows absent from them are removed. */
    snapshot: z.array(z.enum(MAPPABLE_TABLES)).max(MAPPABLE_TABLES.length).default([]),
    /** Cron syntax (5 fields, or 6 with seconds first), in the organisation's time zone. */
    schedule: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
  })
  .strict();
export type SourceInput = z.infer<typeof sourceInputSchema>;

/** A change: fields left out stay; `headerValue` left out keeps the stored secret. */
export const sourcePatchSchema = z
  .object({
    name: name.optional(),
    location: z.string().trim().min(1).max(2000).optional(),
    headerName: headerName.nullable().optional(),
    headerValue: z.string().min(1).max(4000).nullable().optional(),
    mappingName: z.string().trim().min(1).max(100).nullable().optional(),
    mapping: mappingSchema.nullable().optional(),
    snapshot: z.array(z.enum(MAPPABLE_TABLES)).max(MAPPABLE_TABLES.length).optional(),
    schedule: z.string().trim().min(1).max(200).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type SourcePatch = z.infer<typeof sourcePatchSchema>;

/** A source as the API lists it: a header value only masked, never whole. */
export interface SourceItem {
  id: number;
  name: string;
  kind: SourceKind;
  location: string;
  header: { name: string; value: string } | null;
  mappingName: string | null;
  mapping: z.infer<typeof mappingSchema> | null;
  snapshot: string[];
  schedule: string;
  timeZone: string;
  enabled: boolean;
  lastStatus: SourceRunStatus | null;
  lastMessage: string | null;
  lastRunAt: string | null;
  lastImportId: number | null;
  /** Failed tries in a row. */
  failures: number;
  /** The next run: a pending retry, else the schedule's next time; null when disabled. */
  nextRunAt: string | null;
  running: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SourceRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: SourceRunStatus;
  message: string | null;
  importId: number | null;
  bytes: number | null;
  /** schedule, retry, manual (run now), cli */
  trigger: string;
}
