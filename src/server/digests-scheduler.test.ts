import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpCapture, startSmtpCapture } from '../../test/support/smtp-capture.ts';
import { createBlankTarget, DIALECTS } from '../../test/support/test-stores.ts';
import { smtpMailer } from '../auth/mailer.ts';
import type { DigestInput } from '../core/contracts/digests.ts';
import { openStore, type Store } from '../db/database.ts';
import { findDigest } from '../db/digests-repo.ts';
import { createOrg, type OrgRecord } from '../db/org-repo.ts';
import { DigestScheduler } from '../services/digests/digest-scheduler.ts';
import { createDigest, digestJobName } from '../services/digests/digests-service.ts';

/**
 * The digest scheduler against the job clock on real databases and a real SMTP server: it sends at
 * the local time in the organisation's zone, once across two servers, once after a restart past
 * missed times, and records (does not throw) an unreachable SMTP server. Times are in 2030, ahead
 * of the machine's clock, as the job clock schedules from the later of "now" and the real time.
 */

const at = (iso: string): number => Date.parse(iso);
// A daily "My week" at 08:00 in Asia/Jakarta (UTC+7) is due at 01:00 UTC.
const DAILY: DigestInput = {
  name: 'Morning numbers',
  dashboardId: null,
  frequency: 'daily',
  day: null,
  localTime: '08:00',
  recipients: { users: [], teams: [], emails: ['boss@outside.test'] },
  attachPdf: false,
  enabled: true,
};

let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await startSmtpCapture();
});
afterAll(async () => {
  await smtp?.close();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A blank database and a way to open a "server's" store on it (again). */
async function database(dialect: (typeof DIALECTS)[number]) {
  const blank = await createBlankTarget(dialect);
  cleanups.push(() => blank.dispose());
  return async (): Promise<Store> => {
    const store = await openStore(blank.target);
    const close = store.close.bind(store);
    let closed = false;
    const once = async () => {
      if (!closed) await close();
      closed = true;
    };
    cleanups.push(once);
    return { ...store, close: once };
  };
}

function scheduler(store: Store, clock: { now: number }, mailUrl = smtp.url): DigestScheduler {
  const errors: unknown[] = [];
  const s = new DigestScheduler({
    store,
    mailer: () => smtpMailer(mailUrl, 'UDN <udn@example.test>'),
    onError: (error) => errors.push(error),
    now: () => clock.now,
    publicUrl: 'https://udn.example.test',
  });
  cleanups.push(async () => {
    await s.stop();
    expect(errors).toEqual([]);
  });
  return s;
}

const mailsTo = (to: string) => smtp.messages.filter((m) => m.to.includes(to)).length;
let serial = 0;
const recipient = () => `boss-${++serial}@outside.test`;

async function jakartaOrg(store: Store): Promise<OrgRecord> {
  return createOrg(store.db, { name: 'Acme Jakarta', timezone: 'Asia/Jakarta', currency: 'IDR' });
}

for (const dialect of DIALECTS) {
  describe(`digest scheduler (${dialect})`, () => {
    it('sends at the local time in Asia/Jakarta, not before, and not twice', async () => {
      const store = await (await database(dialect))();
      const org = await jakartaOrg(store);
      const to = recipient();
      const digest = await createDigest(
        store,
        org,
        { ...DAILY, recipients: { ...DAILY.recipients, emails: [to] } },
        undefined,
        at('2030-03-04T12:00:00Z'),
      );
      expect(digest.nextSendAt).toBe('2030-03-05T01:00:00.000Z');
      const clock = { now: at('2030-03-05T00:59:59Z') };
      const s = scheduler(store, clock);
      expect(await s.tick()).toBe(0);
      clock.now = at('2030-03-05T01:00:00Z');
      expect(await s.tick()).toBe(1);
      clock.now = at('2030-03-05T01:00:30Z');
      expect(await s.tick()).toBe(0);
      const mail = await smtp.next(to);
      expect(mail.subject).toBe('Daily: Morning numbers — 4 Mar 2030');
      expect(mailsTo(to)).toBe(1);
      const row = await findDigest(store.db, org.id, digest.id);
      expect(row?.lastStatus).toBe('sent');
      expect(row?.lastSentAt).toBe(at('2030-03-05T01:00:00Z'));
    });

    it('after a restart past two missed send times, sends once and waits for the next', async () => {
      const open = await database(dialect);
      const first = await open();
      const org = await jakartaOrg(first);
      const to = recipient();
      const digest = await createDigest(
        first,
        org,
        { ...DAILY, recipients: { ...DAILY.recipients, emails: [to] } },
        undefined,
        at('2030-03-04T12:00:00Z'),
      );
      await first.close();
      // Down from before 5 March 08:00 until 7 March 09:00 (Jakarta): the 5th and 6th were missed, and the 7th.
      const again = await open();
      const clock = { now: at('2030-03-07T02:00:00Z') };
      const s = scheduler(again, clock);
      expect(await s.tick()).toBe(1);
      expect(await s.tick()).toBe(0);
      await smtp.next(to);
      expect(mailsTo(to)).toBe(1);
      const job = await again.db
        .selectFrom('scheduled_jobs')
        .selectAll()
        .where('name', '=', digestJobName(digest.id))
        .executeTakeFirstOrThrow();
      expect(Number(job.next_run_at)).toBe(at('2030-03-08T01:00:00Z'));
    });

    it('an unreachable SMTP server is a recorded failure, and nothing crashes', async () => {
      const store = await (await database(dialect))();
      const org = await jakartaOrg(store);
      const digest = await createDigest(store, org, DAILY, undefined, at('2030-03-04T12:00:00Z'));
      const clock = { now: at('2030-03-05T01:00:00Z') };
      // Port 1 on loopback: nothing listens there, the connection is refused at once.
      const s = scheduler(store, clock, 'smtp://127.0.0.1:1');
      expect(await s.tick()).toBe(1);
      const row = await findDigest(store.db, org.id, digest.id);
      expect(row?.lastStatus).toBe('failed');
      expect(row?.lastMessage).toMatch(/^sent to 0 of 1; boss@outside\.test: .*ECONNREFUSED/);
      // The next day it tries again, on time.
      clock.now = at('2030-03-06T01:00:00Z');
      expect(await s.tick()).toBe(1);
    });
  });
}

describe('digest scheduler: two servers on one PostgreSQL database', () => {
  it('sends a due digest once when both tick at the same moment', async () => {
    const open = await database('postgres');
    const [a, b] = [await open(), await open()];
    const org = await jakartaOrg(a);
    const to = recipient();
    await createDigest(
      a,
      org,
      { ...DAILY, recipients: { ...DAILY.recipients, emails: [to] } },
      undefined,
      at('2030-03-04T12:00:00Z'),
    );
    const clock = { now: at('2030-03-05T01:00:05Z') };
    const [sa, sb] = [scheduler(a, clock), scheduler(b, clock)];
    const ran = await Promise.all([sa.tick(), sb.tick(), sa.tick(), sb.tick()]);
    expect(ran.reduce((x, y) => x + y, 0)).toBe(1);
    await smtp.next(to);
    // Give a second message time to arrive if one were sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(to)).toBe(1);
  });
});
