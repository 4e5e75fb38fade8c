import { memberPrincipal, type Principal } from '../../core/access/principal.ts';
import { canWrite } from '../../core/access/record-policy.ts';
import {
  type Digest,
  type DigestInput,
  type DigestPatch,
  digestInputSchema,
} from '../../core/contracts/digests.ts';
import {
  canEditDigest,
  canSeeDigest,
  recipientNotAllowed,
  unknownRecipient,
} from '../../core/digests/digest-access.ts';
import { nextSendAfter } from '../../core/digests/next-send.ts';
import { type DigestMember, type DigestRecipient, resolveRecipients } from '../../core/digests/recipients.ts';
import { DomainError, forbidden, invalid, notFound } from '../../core/errors.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import type { Store } from '../../db/database.ts';
import {
  type DigestRow,
  deleteDigest,
  findDigest,
  insertDigest,
  listDigests,
  updateDigest,
} from '../../db/digests-repo.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { listMembers } from '../../db/members-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { dashboardOf } from '../dashboards/dashboards.ts';
import { forgetJob, scheduleJob } from '../schedule/job-clock.ts';

/** The scheduled job of a digest in `scheduled_jobs` (services/schedule/job-clock.ts). */
export const digestJobName = (id: number): string => `digest:${id}`;

/** The organisation's members and reps: whom recipients name and how teams resolve. */
export async function recipientDirectory(
  store: Store,
  orgId: number,
): Promise<{ members: DigestMember[]; reps: RepInfo[] }> {
  const [rows, reps] = await Promise.all([listMembers(store.db, orgId), loadReps(store.db, orgId)]);
  const members = rows.map((m) => ({
    userId: m.userId,
    email: m.email,
    name: m.name,
    role: m.role,
    repId: m.repId,
    teams: m.teams,
  }));
  return { members, reps };
}

/** Everyone the digest goes to now, with whose view each copy is built as. */
export async function digestRecipients(
  store: Store,
  row: Pick<DigestRow, 'orgId' | 'input'>,
): Promise<DigestRecipient[]> {
  const { members, reps } = await recipientDirectory(store, row.orgId);
  return resolveRecipients(row.input.recipients, members, reps);
}

/**
 * Whose view a recipient's copy is built as: a member's own (their role, rep and teams), or for a
 * plain address a viewer of the organisation — aggregates only (core/access/visibility.ts).
 */
export function recipientPrincipal(orgId: number, recipient: DigestRecipient): Principal {
  const m = recipient.member;
  if (m !== null)
    return memberPrincipal(
      'session',
      { id: m.userId, email: m.email, name: m.name },
      { orgId, role: m.role, repId: m.repId, teams: m.teams },
      'read',
    );
  return {
    via: 'session',
    userId: null,
    email: recipient.email,
    name: recipient.email,
    orgId,
    role: 'viewer',
    repId: null,
    teams: [],
    scope: 'read',
    viewAs: null,
    share: null,
  };
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

async function nextRunOf(store: Store, id: number): Promise<number | null> {
  const row = await store.db
    .selectFrom('scheduled_jobs')
    .select('next_run_at')
    .where('name', '=', digestJobName(id))
    .executeTakeFirst();
  return row ? Number(row.next_run_at) : null;
}

async function toDigest(store: Store, row: DigestRow, as: Principal | undefined): Promise<Digest> {
  const policy = { createdBy: row.createdBy, recipients: row.input.recipients };
  return {
    id: row.id,
    ...row.input,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    nextSendAt: row.input.enabled ? iso(await nextRunOf(store, row.id)) : null,
    lastSentAt: iso(row.lastSentAt),
    lastStatus: row.lastStatus,
    lastMessage: row.lastMessage,
    canEdit: as === undefined || (canWrite(as) && canEditDigest(as, policy)),
  };
}

export async function listDigestViews(store: Store, org: OrgRecord, as?: Principal): Promise<Digest[]> {
  const rows = await listDigests(store.db, org.id);
  const seen = rows.filter(
    (row) =>
      as === undefined || canSeeDigest(as, { createdBy: row.createdBy, recipients: row.input.recipients }),
  );
  return Promise.all(seen.map((row) => toDigest(store, row, as)));
}

/** The digest `id` as `as` sees it; one they may not see does not exist to them (404). */
export async function visibleDigest(
  store: Store,
  org: OrgRecord,
  id: number,
  as?: Principal,
): Promise<DigestRow> {
  const row = await findDigest(store.db, org.id, id);
  if (!row || (as && !canSeeDigest(as, { createdBy: row.createdBy, recipients: row.input.recipients })))
    throw notFound('digest', id, 'id');
  return row;
}

export async function digestView(store: Store, org: OrgRecord, id: number, as?: Principal): Promise<Digest> {
  return toDigest(store, await visibleDigest(store, org, id, as), as);
}

/** Refuses a digest whose dashboard or recipients the principal may not name (400 / 403 naming the field). */
async function checkDigest(
  store: Store,
  org: OrgRecord,
  input: DigestInput,
  as: Principal | undefined,
): Promise<void> {
  if (input.dashboardId !== null) {
    try {
      await dashboardOf(store, org.id, input.dashboardId, as);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found')
        throw invalid('dashboardId', `dashboard ${input.dashboardId} does not exist`, {
          rule: 'unknown_dashboard',
          id: input.dashboardId,
        });
      throw error;
    }
  }
  const { members, reps } = await recipientDirectory(store, org.id);
  const unknown = unknownRecipient(input.recipients, members, reps);
  if (unknown) throw invalid(unknown.field, unknown.reason);
  if (as) {
    const refused = recipientNotAllowed(as, input.recipients, members, reps);
    if (refused) throw forbidden(`${refused.field}: ${refused.reason}`, { field: refused.field });
  }
  const { users, teams, emails } = input.recipients;
  if (users.length + teams.length + emails.length === 0)
    throw invalid('recipients', 'name at least one member, team or address');
}

/** Keeps the digest's job in step with its schedule: the next local send time, or none when disabled. */
async function reschedule(store: Store, org: OrgRecord, row: DigestRow, now: number): Promise<void> {
  if (!row.input.enabled) {
    await forgetJob(store, digestJobName(row.id));
    return;
  }
  await scheduleJob(store, digestJobName(row.id), nextSendAfter(row.input, org.timezone, now));
}

export async function createDigest(
  store: Store,
  org: OrgRecord,
  input: DigestInput,
  as?: Principal,
  now = Date.now(),
): Promise<Digest> {
  await checkDigest(store, org, input, as);
  const row = await insertDigest(store.db, org.id, input, as?.userId ?? null, now);
  await reschedule(store, org, row, now);
  return toDigest(store, row, as);
}

/** Applies a change; the result is checked whole, so `day` is judged against the frequency it ends with. */
export async function changeDigest(
  store: Store,
  org: OrgRecord,
  id: number,
  patch: DigestPatch,
  as?: Principal,
  now = Date.now(),
): Promise<{ before: Digest; after: Digest }> {
  const row = await visibleDigest(store, org, id, as);
  if (as && !canEditDigest(as, { createdBy: row.createdBy, recipients: row.input.recipients }))
    throw forbidden('only its maker and the admins may change a digest');
  const merged = { ...row.input, ...patch };
  if (patch.frequency === 'daily' && patch.day === undefined) merged.day = null;
  const parsed = digestInputSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue?.path.join('.') || 'body', issue?.message ?? 'invalid digest');
  }
  await checkDigest(store, org, parsed.data, as);
  const before = await toDigest(store, row, as);
  const updated = await updateDigest(store.db, org.id, id, parsed.data, now);
  if (!updated) throw notFound('digest', id, 'id');
  await reschedule(store, org, updated, now);
  return { before, after: await toDigest(store, updated, as) };
}

export async function removeDigest(
  store: Store,
  org: OrgRecord,
  id: number,
  as?: Principal,
): Promise<Digest> {
  const row = await visibleDigest(store, org, id, as);
  if (as && !canEditDigest(as, { createdBy: row.createdBy, recipients: row.input.recipients }))
    throw forbidden('only its maker and the admins may delete a digest');
  const view = await toDigest(store, row, as);
  await deleteDigest(store.db, org.id, id);
  await forgetJob(store, digestJobName(id));
  return view;
}
