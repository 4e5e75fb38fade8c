import type { Mailer, MailMessage } from '../../auth/mailer.ts';
import type { Principal } from '../../core/access/principal.ts';
import { formatEpochDay } from '../../core/calendar-date.ts';
import type {
  DigestDelivery,
  DigestInput,
  DigestSendResult,
  DigestStatus,
} from '../../core/contracts/digests.ts';
import { digestPeriod } from '../../core/digests/digest-period.ts';
import type { DigestRecipient } from '../../core/digests/recipients.ts';
import type { DayRange } from '../../core/periods.ts';
import { localEpochDay } from '../../core/time-zone.ts';
import type { Store } from '../../db/database.ts';
import { type DigestRow, recordDigestSend } from '../../db/digests-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import type { ChartSpec, DashboardSnapshot } from '../render/snapshot-types.ts';
import { chartImages, digestMail } from './digest-mail.ts';
import { digestRecipients, recipientPrincipal } from './digests-service.ts';
import { myWeekSnapshot } from './my-week.ts';

/** How a dashboard becomes a snapshot and a PDF: the render service's (render-adapter.ts), or a test's. */
export interface DigestRender {
  dashboard(
    store: Store,
    org: OrgRecord,
    dashboardId: number,
    period: DayRange,
    as: Principal,
    now: number,
  ): Promise<DashboardSnapshot>;
  pdf(snapshot: DashboardSnapshot, publicUrl: string): Promise<Buffer>;
}

/** What a digest's content needs of it. */
export type DigestContent = Pick<DigestInput, 'name' | 'dashboardId' | 'frequency' | 'attachPdf'>;

export interface DigestBuildOptions {
  publicUrl: string;
  now: number;
  render: DigestRender;
  /** The chart drawer shared by the copies of one send (digest-mail.ts chartImages). */
  chartImage?: (chart: ChartSpec) => Buffer;
}

/**
 * The organisation a recipient's copy is built in: a plain address outside the organisation sees
 * aggregates only, even where the organisation opened its leaderboard to its members.
 */
const orgFor = (org: OrgRecord, recipient: DigestRecipient): OrgRecord =>
  recipient.member === null ? { ...org, open_leaderboard: false } : org;

/** The period a digest sent at `now` reports (core/digests/digest-period.ts). */
export const periodAt = (digest: Pick<DigestInput, 'frequency'>, org: OrgRecord, now: number): DayRange =>
  digestPeriod(digest.frequency, localEpochDay(now, org.timezone));

/** One recipient's message, built as them: their snapshot, its charts as PNGs, the PDF if asked. */
export async function buildDigestMail(
  store: Store,
  org: OrgRecord,
  digest: DigestContent,
  recipient: DigestRecipient,
  period: DayRange,
  options: DigestBuildOptions,
): Promise<Omit<MailMessage, 'to'>> {
  const as = recipientPrincipal(org.id, recipient);
  const seenOrg = orgFor(org, recipient);
  const snapshot =
    digest.dashboardId === null
      ? await myWeekSnapshot(store, seenOrg, period, as, {
          now: options.now,
          today: localEpochDay(options.now, org.timezone),
        })
      : await options.render.dashboard(store, seenOrg, digest.dashboardId, period, as, options.now);
  const pdf = digest.attachPdf ? await options.render.pdf(snapshot, options.publicUrl) : null;
  return digestMail({
    orgName: org.name,
    digestName: digest.name,
    frequency: digest.frequency,
    period,
    snapshot,
    publicUrl: options.publicUrl,
    pdf,
    ...(options.chartImage ? { chartImage: options.chartImage } : {}),
  });
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Sends the digest to each recipient, each copy built as that recipient; a failure for one (SMTP
 * refused the address, a dashboard they may not see) is that recipient's outcome, not the others'.
 * Copies for plain addresses are all the same view (a viewer's) and built once.
 */
export async function sendDigestTo(
  store: Store,
  org: OrgRecord,
  digest: DigestContent,
  recipients: readonly DigestRecipient[],
  options: DigestBuildOptions & { mailer: Mailer; period?: DayRange },
): Promise<DigestSendResult> {
  const period = options.period ?? periodAt(digest, org, options.now);
  const built = { ...options, chartImage: options.chartImage ?? chartImages() };
  const deliveries: DigestDelivery[] = [];
  let viewerCopy: Promise<Omit<MailMessage, 'to'>> | null = null;
  for (const recipient of recipients) {
    const as = recipientPrincipal(org.id, recipient);
    try {
      let message: Omit<MailMessage, 'to'>;
      if (recipient.member === null) {
        viewerCopy ??= buildDigestMail(store, org, digest, recipient, period, built);
        message = await viewerCopy;
      } else message = await buildDigestMail(store, org, digest, recipient, period, built);
      await options.mailer.send({ ...message, to: recipient.email });
      deliveries.push({
        email: recipient.email,
        userId: as.userId,
        as: as.role,
        status: 'sent',
        error: null,
      });
    } catch (error) {
      deliveries.push({
        email: recipient.email,
        userId: as.userId,
        as: as.role,
        status: 'failed',
        error: errorText(error).slice(0, 500),
      });
    }
  }
  const sent = deliveries.filter((d) => d.status === 'sent').length;
  const status: DigestStatus =
    sent === deliveries.length && sent > 0 ? 'sent' : sent === 0 ? 'failed' : 'partial';
  const firstError = deliveries.find((d) => d.error !== null);
  const message =
    deliveries.length === 0
      ? 'no recipients: the members and teams named have left the organisation'
      : `sent to ${sent} of ${deliveries.length}${firstError ? `; ${firstError.email}: ${firstError.error}` : ''}`;
  return {
    status,
    message,
    period: { from: formatEpochDay(period.from), to: formatEpochDay(period.to) },
    deliveries,
  };
}

/**
 * Sends a stored digest to its recipients now and records the outcome on it (last_sent_at,
 * last_status, last_message). Never throws for a delivery problem: SMTP down is a recorded failure.
 */
export async function sendStoredDigest(
  store: Store,
  org: OrgRecord,
  row: DigestRow,
  options: DigestBuildOptions & { mailer: Mailer | null; period?: DayRange },
): Promise<DigestSendResult> {
  let result: DigestSendResult;
  if (options.mailer === null) {
    const period = options.period ?? periodAt(row.input, org, options.now);
    result = {
      status: 'failed',
      message: 'no mail server: set UDN_SMTP_URL (smtp://user:password@host:587)',
      period: { from: formatEpochDay(period.from), to: formatEpochDay(period.to) },
      deliveries: [],
    };
  } else {
    const recipients = await digestRecipients(store, row);
    result = await sendDigestTo(store, org, row.input, recipients, { ...options, mailer: options.mailer });
  }
  await recordDigestSend(store.db, row.id, {
    at: options.now,
    status: result.status,
    message: result.message,
  });
  return result;
}
