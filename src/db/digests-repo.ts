import type { Kysely } from 'kysely';
import type { DigestInput, DigestRecipients, DigestStatus } from '../core/contracts/digests.ts';
import type { Database } from './schema.ts';

/** A stored digest, its JSON and flags read (docs/digests.md). */
export interface DigestRow {
  id: number;
  orgId: number;
  input: DigestInput;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
  lastSentAt: number | null;
  lastStatus: DigestStatus | null;
  lastMessage: string | null;
}

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null ? null : Number(value));

function parseRecipients(text: string): DigestRecipients {
  const raw = JSON.parse(text) as Partial<DigestRecipients>;
  return { users: raw.users ?? [], teams: raw.teams ?? [], emails: raw.emails ?? [] };
}

const STATUSES: readonly string[] = ['sent', 'partial', 'failed'];

type Stored = Database['digests'] extends infer T ? { [K in keyof T]: unknown } : never;

function toRow(row: Stored): DigestRow {
  const frequency = String(row.frequency) as DigestInput['frequency'];
  return {
    id: num(row.id),
    orgId: num(row.org_id),
    input: {
      name: String(row.name),
      dashboardId: numOrNull(row.dashboard_id),
      frequency,
      day: numOrNull(row.day),
      localTime: String(row.local_time),
      recipients: parseRecipients(String(row.recipients)),
      attachPdf: num(row.attach_pdf) === 1,
      enabled: num(row.enabled) === 1,
    },
    createdBy: row.created_by === null ? null : String(row.created_by),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
    lastSentAt: numOrNull(row.last_sent_at),
    lastStatus:
      row.last_status !== null && STATUSES.includes(String(row.last_status))
        ? (String(row.last_status) as DigestStatus)
        : null,
    lastMessage: row.last_message === null ? null : String(row.last_message),
  };
}

const values = (input: DigestInput) => ({
  name: input.name,
  dashboard_id: input.dashboardId,
  frequency: input.frequency,
  day: input.frequency === 'daily' ? null : input.day,
  local_time: input.localTime,
  recipients: JSON.stringify(input.recipients),
  attach_pdf: input.attachPdf ? 1 : 0,
  enabled: input.enabled ? 1 : 0,
});

export async function listDigests(db: Kysely<Database>, orgId: number): Promise<DigestRow[]> {
  const rows = await db.selectFrom('digests').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
  return rows.map(toRow);
}

/** Every enabled digest of every organisation: what the scheduler looks at each tick. */
export async function enabledDigests(db: Kysely<Database>): Promise<DigestRow[]> {
  const rows = await db.selectFrom('digests').selectAll().where('enabled', '=', 1).orderBy('id').execute();
  return rows.map(toRow);
}

export async function findDigest(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<DigestRow | undefined> {
  const row = await db
    .selectFrom('digests')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function insertDigest(
  db: Kysely<Database>,
  orgId: number,
  input: DigestInput,
  createdBy: string | null,
  now: number,
): Promise<DigestRow> {
  const { id } = await db
    .insertInto('digests')
    .values({
      org_id: orgId,
      ...values(input),
      created_by: createdBy,
      created_at: now,
      updated_at: now,
      last_sent_at: null,
      last_status: null,
      last_message: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findDigest(db, orgId, num(id)))!;
}

export async function updateDigest(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  input: DigestInput,
  now: number,
): Promise<DigestRow | undefined> {
  await db
    .updateTable('digests')
    .set({ ...values(input), updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
  return findDigest(db, orgId, id);
}

export async function deleteDigest(db: Kysely<Database>, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('digests')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** What the last send did, shown beside the digest (failures too: SMTP down is recorded, not thrown). */
export async function recordDigestSend(
  db: Kysely<Database>,
  id: number,
  outcome: { at: number; status: DigestStatus; message: string },
): Promise<void> {
  await db
    .updateTable('digests')
    .set({
      last_sent_at: outcome.at,
      last_status: outcome.status,
      last_message: outcome.message.slice(0, 2000),
    })
    .where('id', '=', id)
    .execute();
}

/** A deal that was created, won or lost in a window, for "My week". */
export interface MovedDeal {
  id: string;
  name: string | null;
  ownerRepId: string | null;
  status: string;
  /** Minor units of the organisation's currency. */
  amount: number | null;
  createdAt: number;
  closedAt: number | null;
}

/**
 * The deals of `repIds` created in [start, end) or closed (won or lost) in it, newest first, at
 * most `limit`: the deals that moved in a digest's period.
 */
export async function dealsMoved(
  db: Kysely<Database>,
  orgId: number,
  repIds: readonly string[],
  window: { start: number; end: number },
  limit = 50,
): Promise<MovedDeal[]> {
  if (repIds.length === 0) return [];
  const rows = await db
    .selectFrom('deals')
    .select(['id', 'name', 'owner_rep_id', 'status', 'amount', 'created_at', 'closed_at'])
    .where('org_id', '=', orgId)
    .where('owner_rep_id', 'in', [...repIds])
    .where((eb) =>
      eb.or([
        eb.and([eb('created_at', '>=', window.start), eb('created_at', '<', window.end)]),
        eb.and([eb('closed_at', '>=', window.start), eb('closed_at', '<', window.end)]),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    ownerRepId: row.owner_rep_id,
    status: row.status,
    amount: numOrNull(row.amount),
    createdAt: num(row.created_at),
    closedAt: numOrNull(row.closed_at),
  }));
}
