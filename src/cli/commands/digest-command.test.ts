import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReports } from '../../../test/support/conformance.ts';
import { type SmtpCapture, startSmtpCapture } from '../../../test/support/smtp-capture.ts';
import { addTestPerson, type TestPerson } from '../../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { findDefaultOrg, type OrgRecord } from '../../db/org-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';
import { dashboardsOf } from '../../services/dashboards/dashboards.ts';
import { createDigest } from '../../services/digests/digests-service.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

/** The real CLI in a child process, with `env` on top of this one's (UDN_SMTP_URL unset unless given). */
const udn = (env: Record<string, string>, ...args: string[]) => {
  const { UDN_SMTP_URL: _unset, ...base } = process.env;
  return run(process.execPath, [path.join(ROOT, 'bin/udn.js'), ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
  }).then(
    (done) => ({ ...done, code: 0 }),
    (failed: { stdout: string; stderr: string; code: number }) => ({
      stdout: failed.stdout,
      stderr: failed.stderr,
      code: failed.code,
    }),
  );
};

let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await startSmtpCapture();
});
afterAll(async () => {
  await smtp?.close();
});

/** A store of `dialect` with the small example imported, its default dashboard and a rep member. */
function exampleStore(dialect: (typeof DIALECTS)[number]) {
  const t = {} as { store: TestStore; org: OrgRecord; rep: TestPerson; dashboardId: number };
  beforeAll(async () => {
    t.store = await createTestStore(dialect);
    const result = await runImport(t.store, filesInDirectory(expectedReports('small').dataDir).files, {
      source: 'test',
    });
    expect(result.errors).toEqual([]);
    t.org = (await findDefaultOrg(t.store.db))!;
    t.dashboardId = (await dashboardsOf(t.store, t.org.id)).find((d) => d.isDefault)!.id;
    t.rep = await addTestPerson(t.store, t.org, 'rep', { repId: 'R01', email: `ana-${dialect}@acme.test` });
  });
  afterAll(() => t.store.dispose());
  return t;
}

// Each CLI run is a process of its own: the dialects share the sending and listing, the refusals run once.
describe.each(DIALECTS)('udn digest on %s', (dialect) => {
  const t = exampleStore(dialect);

  it('sends the default dashboard for a month, with its PDF, to an outside address', async () => {
    const to = `cfo-${dialect}@outside.test`;
    const out = await udn(
      { UDN_SMTP_URL: smtp.url, UDN_PUBLIC_URL: 'https://udn.example.test' },
      'digest',
      'send',
      String(t.dashboardId),
      '--to',
      to,
      '--period',
      '2026-02',
      '--frequency',
      'monthly',
      '--pdf',
      '--db',
      t.store.target,
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`sent ${to} (as viewer)`);
    const mail = await smtp.next(to, 10_000);
    expect(mail.subject).toBe('Monthly: Sales KPIs — 1–28 Feb 2026');
    expect(mail.attachments.filter((a) => a.contentType === 'application/pdf')).toHaveLength(1);
    expect(mail.attachments.filter((a) => a.cid !== null).length).toBeGreaterThanOrEqual(4);
    expect(mail.html).toContain('https://udn.example.test/dashboards/');
  });

  it('lists the scheduled digests in the organisation’s time', async () => {
    await createDigest(t.store, t.org, {
      name: 'Monday numbers',
      dashboardId: t.dashboardId,
      frequency: 'weekly',
      day: 1,
      localTime: '08:00',
      recipients: { users: [t.rep.user.id], teams: [], emails: [] },
      attachPdf: false,
      enabled: true,
    });
    const out = await udn({}, 'digest', 'list', '--db', t.store.target);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(
      /Monday numbers\s+\S+\s+weekly Mon 08:00\s+1 members\s+—\s+never sent\s+\d{4}-\d\d-\d\d 08:00/,
    );
    const json = await udn({}, 'digest', 'list', '--json', '--db', t.store.target);
    expect(JSON.parse(json.stdout).digests[0]).toMatchObject({
      name: 'Monday numbers',
      frequency: 'weekly',
      day: 1,
    });
  });
});

describe('udn digest: refusals and My week (sqlite)', () => {
  const dialect = 'sqlite';
  const t = exampleStore(dialect);

  it('refuses to send without UDN_SMTP_URL, naming it', async () => {
    const out = await udn(
      {},
      'digest',
      'send',
      String(t.dashboardId),
      '--to',
      'cfo@outside.test',
      '--db',
      t.store.target,
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('UDN_SMTP_URL');
  });

  it('sends My week as a member (--as) and exits 1 with the SMTP error when the server is down', async () => {
    const to = `manager-${dialect}@acme.test`;
    const ok = await udn(
      { UDN_SMTP_URL: smtp.url },
      'digest',
      'send',
      'my-week',
      '--to',
      to,
      '--as',
      t.rep.user.email,
      '--period',
      '2026-W06',
      '--db',
      t.store.target,
    );
    expect(ok.code, ok.stderr).toBe(0);
    const mail = await smtp.next(to, 10_000);
    expect(mail.subject).toBe('Weekly: My week — 2–8 Feb 2026');
    expect(mail.text).not.toMatch(/\bRep (?!1\b)\d+\b/);

    const down = await udn(
      { UDN_SMTP_URL: 'smtp://127.0.0.1:1' },
      'digest',
      'send',
      'my-week',
      '--to',
      to,
      '--db',
      t.store.target,
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/udn: the digest was not sent to everyone: .*ECONNREFUSED/);
  });
});
