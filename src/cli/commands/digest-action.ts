import { mailerFromEnv } from '../../auth/mailer.ts';
import type { Principal } from '../../core/access/principal.ts';
import type { Digest, DigestFrequency } from '../../core/contracts/digests.ts';
import type { DigestMember, DigestRecipient } from '../../core/digests/recipients.ts';
import { DomainError } from '../../core/errors.ts';
import { resolvePeriod } from '../../core/periods.ts';
import type { Store } from '../../db/database.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { dashboardOf } from '../../services/dashboards/dashboards.ts';
import { periodAt, sendDigestTo } from '../../services/digests/digest-send.ts';
import { listDigestViews, recipientDirectory } from '../../services/digests/digests-service.ts';
import { publicUrlOf } from '../../services/digests/public-url.ts';
import { renderService } from '../../services/digests/render-adapter.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore } from '../cli-store.ts';
import { stdout, writeJson } from '../output.ts';
import { requireOrg } from '../require-org.ts';
import { textTable } from '../text-table.ts';
import { principalOfEmail } from './kpi-action.ts';

export interface DigestSendOptions {
  db?: string;
  org?: string;
  to: string[];
  period?: string;
  frequency: DigestFrequency;
  as?: string;
  pdf?: boolean;
}

export interface DigestListOptions {
  db?: string;
  org?: string;
  json?: boolean;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const memberOf = (p: Principal): DigestMember => ({
  userId: p.userId ?? '',
  email: p.email ?? '',
  name: p.name ?? '',
  role: p.role,
  repId: p.repId,
  teams: p.teams,
});

/**
 * Who each address is: with --as, that member for every copy; else the member with the address,
 * or (nobody's) a viewer of the organisation, as a scheduled digest would treat it.
 */
async function recipientsOf(
  store: Store,
  org: OrgRecord,
  options: DigestSendOptions,
): Promise<DigestRecipient[]> {
  for (const email of options.to)
    if (!ADDRESS.test(email)) throw new CliError(`--to: "${email}" is not an e-mail address`);
  if (options.as !== undefined) {
    const member = memberOf(await principalOfEmail(store, org, options.as));
    return options.to.map((email) => ({ email, member }));
  }
  const { members } = await recipientDirectory(store, org.id);
  const byEmail = new Map(members.map((m) => [m.email.toLowerCase(), m]));
  return [...new Set(options.to)].map((email) => ({
    email,
    member: byEmail.get(email.toLowerCase()) ?? null,
  }));
}

export async function sendDigestCommand(dashboard: string, options: DigestSendOptions): Promise<void> {
  const dashboardId = dashboard === 'my-week' ? null : Number(dashboard);
  if (dashboardId !== null && !(Number.isSafeInteger(dashboardId) && dashboardId > 0))
    throw new CliError(`DASHBOARD: "${dashboard}" is neither a dashboard id nor my-week`);
  let mailer: ReturnType<typeof mailerFromEnv>;
  try {
    mailer = mailerFromEnv();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (mailer === null)
    throw new CliError(
      'no mail server: set UDN_SMTP_URL (smtp://user:password@mail.example.com:587) to send digests',
    );
  try {
    await withExistingStore(options.db, async (store) => {
      const org = await requireOrg(store, options.org);
      const now = Date.now();
      let name = 'My week';
      if (dashboardId !== null) {
        try {
          name = (await dashboardOf(store, org.id, dashboardId)).name;
        } catch (error) {
          if (error instanceof DomainError)
            throw new CliError(`DASHBOARD: ${error.reason} (see the dashboards page)`);
          throw error;
        }
      }
      let period = periodAt({ frequency: options.frequency }, org, now);
      if (options.period !== undefined) {
        const resolved = resolvePeriod({ period: options.period }, org.fiscal_year_start_month);
        if (!resolved.ok) throw new CliError(`--period: ${resolved.reason}`);
        period = resolved.range;
      }
      const recipients = await recipientsOf(store, org, options);
      const result = await sendDigestTo(
        store,
        org,
        { name, dashboardId, frequency: options.frequency, attachPdf: options.pdf === true },
        recipients,
        { mailer, publicUrl: publicUrlOf(), now, render: renderService, period },
      );
      for (const d of result.deliveries)
        stdout.write(
          `${d.status === 'sent' ? 'sent' : 'FAILED'} ${d.email} (as ${d.as})${d.error ? `: ${d.error}` : ''}\n`,
        );
      stdout.write(`${name}, ${result.period.from} – ${result.period.to}: ${result.message}\n`);
      if (result.status !== 'sent') {
        const failed = result.deliveries.find((d) => d.error !== null);
        throw new CliError(`the digest was not sent to everyone${failed ? `: ${failed.error}` : ''}`);
      }
    });
  } finally {
    mailer.close();
  }
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const scheduleText = (d: Digest): string =>
  d.frequency === 'daily'
    ? `daily ${d.localTime}`
    : d.frequency === 'weekly'
      ? `weekly ${WEEKDAYS[(d.day ?? 1) - 1]} ${d.localTime}`
      : `monthly day ${d.day} ${d.localTime}`;

/** An instant as the organisation's wall clock shows it: `2026-12-07 08:00`. */
const when = (iso: string | null, timeZone: string) =>
  iso === null
    ? '—'
    : new Intl.DateTimeFormat('sv-SE', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(iso));

export async function listDigestsCommand(options: DigestListOptions): Promise<void> {
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const digests = await listDigestViews(store, org);
    if (options.json) {
      writeJson({ digests });
      return;
    }
    if (digests.length === 0) {
      stdout.write(
        `no digests in ${org.slug}: schedule one on a dashboard's page or with POST /api/v1/digests\n`,
      );
      return;
    }
    const recipients = (d: Digest) =>
      [
        d.recipients.users.length ? `${d.recipients.users.length} members` : '',
        d.recipients.teams.length ? `teams ${d.recipients.teams.join(', ')}` : '',
        d.recipients.emails.join(', '),
      ]
        .filter((s) => s !== '')
        .join('; ');
    stdout.write(
      `${textTable([
        ['id', 'name', 'dashboard', 'schedule', 'recipients', 'last sent', 'status', 'next send'],
        ...digests.map((d) => [
          String(d.id),
          d.name,
          d.dashboardId === null ? 'my week' : String(d.dashboardId),
          d.enabled ? scheduleText(d) : 'disabled',
          recipients(d),
          when(d.lastSentAt, org.timezone),
          d.lastStatus ?? 'never sent',
          when(d.nextSendAt, org.timezone),
        ]),
      ])}\n`,
    );
  });
}
