import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkImportDir } from '../../test/support/check-import-rules.ts';
import { readCsv } from '../../test/support/read-csv.ts';
import { DEMO_ORG, writeDemoFiles } from './generate-demo.ts';
import { nearestLebaran } from './seasonality.ts';
import { parseIsoDate } from './wall-clock.ts';

const TODAY = '2026-05-15';
/** First instant after 2026-05-15 in Asia/Jakarta. */
const END_MS = Date.parse('2026-05-16T00:00:00+07:00');
/** Half past ten that morning: a demo made then has nothing from later that day. */
const NOW_MS = Date.parse('2026-05-15T10:30:00+07:00');
const DAY_MS = 86_400_000;
const FILES = [
  'org.json',
  'reps.csv',
  'accounts.csv',
  'leads.csv',
  'deals.csv',
  'emails.csv',
  'spend.csv',
  'targets.csv',
];

type Rows = Record<string, string>[];

let root: string;
let dir: string;
let counts: Record<string, number>;
let files: string[];
let reps: Rows;
let accounts: Rows;
let leads: Rows;
let deals: Rows;
let emails: Rows;
let spend: Rows;
let targets: Rows;

/** Local (Jakarta) YYYY-MM of a generated timestamp; they all carry +07:00. */
const month = (ts: string | undefined) => (ts ?? '').slice(0, 7);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'udn-demo-'));
  dir = join(root, 'a');
  ({ counts, files } = await writeDemoFiles(dir, { seed: 7, today: TODAY }));
  reps = await readCsv(dir, 'reps.csv');
  accounts = await readCsv(dir, 'accounts.csv');
  leads = await readCsv(dir, 'leads.csv');
  deals = await readCsv(dir, 'deals.csv');
  emails = await readCsv(dir, 'emails.csv');
  spend = await readCsv(dir, 'spend.csv');
  targets = await readCsv(dir, 'targets.csv');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeDemoFiles', () => {
  it('writes every import file and reports its row count', () => {
    expect(files).toEqual(FILES.map((f) => join(dir, f)));
    expect(counts).toEqual({
      org: 1,
      reps: reps.length,
      accounts: accounts.length,
      leads: leads.length,
      deals: deals.length,
      emails: emails.length,
      spend: spend.length,
      targets: targets.length,
    });
  });

  it('keeps every KPI-SPEC §2 rule, and a today in the past runs to its midnight', async () => {
    expect(await checkImportDir(dir, { endMs: END_MS })).toEqual([]);
    expect(leads.some((l) => (l.created_at ?? '') >= '2026-05-15T18:00')).toBe(true);
  });

  it('has nothing after now: made at 10:30, today holds the morning only', async () => {
    const cut = join(root, 'now');
    await writeDemoFiles(cut, { seed: 7, today: TODAY, now: NOW_MS });
    expect(await checkImportDir(cut, { endMs: NOW_MS })).toEqual([]);
    const cutLeads = await readCsv(cut, 'leads.csv');
    // The same history up to now: the leads of the whole day, cut at 10:30.
    expect(cutLeads).toEqual(leads.filter((l) => Date.parse(l.created_at ?? '') < NOW_MS));
    expect(cutLeads.filter((l) => (l.created_at ?? '').startsWith(TODAY)).length).toBeGreaterThan(0);
    const cutEmails = await readCsv(cut, 'emails.csv');
    expect(cutEmails.filter((e) => (e.sent_at ?? '').startsWith(TODAY)).length).toBeGreaterThan(0);
    const latest = Math.max(
      ...cutEmails.map((e) => Date.parse(e.sent_at ?? '')),
      ...(await readCsv(cut, 'deals.csv')).map((d) => Date.parse(d.created_at ?? '')),
    );
    expect(latest).toBeLessThan(NOW_MS);
    await expect(writeDemoFiles(join(root, 'early'), { today: '2026-05-16', now: NOW_MS })).rejects.toThrow(
      'has not begun yet',
    );
  });

  it('gives byte-identical files for the same seed and today, different ones for another seed', async () => {
    const again = join(root, 'b');
    const other = join(root, 'c');
    await writeDemoFiles(again, { seed: 7, today: TODAY });
    await writeDemoFiles(other, { seed: 8, today: TODAY });
    for (const f of FILES) {
      const original = await readFile(join(dir, f));
      expect((await readFile(join(again, f))).equals(original), f).toBe(true);
    }
    expect((await readFile(join(other, 'deals.csv'))).equals(await readFile(join(dir, 'deals.csv')))).toBe(
      false,
    );
  });

  it('describes an Indonesian organisation in rupiah', async () => {
    const org = JSON.parse(await readFile(join(dir, 'org.json'), 'utf8'));
    expect(org).toEqual({
      name: 'PT Nusantara Office Supply',
      timezone: 'Asia/Jakarta',
      currency: 'IDR',
      fiscal_year_start_month: 1,
      gross_margin: 0.62,
    });
    expect(DEMO_ORG.currency).toBe('IDR');
    // Whole rupiah, Rp 5–250 million per deal.
    const amounts = deals.filter((d) => d.amount !== '').map((d) => Number(d.amount));
    expect(amounts.every((a) => Number.isInteger(a) && a >= 5_000_000 && a <= 250_000_000)).toBe(true);
    expect(new Set(deals.map((d) => d.currency))).toEqual(new Set(['IDR', '']));
  });

  it('has three teams, a team-less head of sales, one leaver and one joiner', () => {
    expect(reps.length).toBe(12);
    const teams = new Map<string, number>();
    for (const r of reps) teams.set(r.team ?? '', (teams.get(r.team ?? '') ?? 0) + 1);
    expect(teams).toEqual(
      new Map([
        ['Jakarta', 4],
        ['Surabaya', 4],
        ['Bandung', 3],
        ['', 1],
      ]),
    );
    const today = parseIsoDate(TODAY);
    const leavers = reps.filter((r) => r.ended_on !== '');
    expect(leavers.map((r) => r.name)).toEqual(['Hendra Gunawan']);
    const leftDaysAgo = today - parseIsoDate(leavers[0]?.ended_on ?? '');
    expect(leftDaysAgo).toBeGreaterThanOrEqual(235);
    expect(leftDaysAgo).toBeLessThanOrEqual(252);
    const joiners = reps.filter((r) => r.started_on !== '' && today - parseIsoDate(r.started_on ?? '') < 365);
    expect(joiners.map((r) => r.name)).toEqual(['Yohanes Wibowo']);
    const joinedDaysAgo = today - parseIsoDate(joiners[0]?.started_on ?? '');
    expect(joinedDaysAgo).toBeGreaterThanOrEqual(83);
    expect(joinedDaysAgo).toBeLessThanOrEqual(92);
    expect(reps.find((r) => r.id === 'R06')?.email).toBe('hendra.gunawan@nusantaraoffice.co.id');
    // The leaver's work stops when he leaves; the joiner's starts when he joins.
    const leaverLast = leads.filter((l) => l.owner_rep_id === 'R06').map((l) => l.created_at ?? '');
    expect(leaverLast.every((t) => t.slice(0, 10) <= (leavers[0]?.ended_on ?? ''))).toBe(true);
    expect(leaverLast.length).toBeGreaterThan(100);
    const joinerLeads = leads.filter((l) => l.owner_rep_id === 'R08').map((l) => l.created_at ?? '');
    expect(joinerLeads.length).toBeGreaterThan(10);
    expect(joinerLeads.every((t) => t.slice(0, 10) >= (joiners[0]?.started_on ?? ''))).toBe(true);
    // Nothing still open or still a customer's account is left with someone who has gone.
    expect(deals.filter((d) => d.status === 'open' && d.owner_rep_id === 'R06')).toEqual([]);
    expect(accounts.filter((a) => a.owner_rep_id === 'R06' && a.churned_at === '')).toEqual([]);
  });

  it('has modest, demo-sized volumes', () => {
    expect(deals.length).toBeGreaterThanOrEqual(1500);
    expect(deals.length).toBeLessThanOrEqual(3000);
    expect(leads.length).toBeGreaterThanOrEqual(4000);
    expect(leads.length).toBeLessThanOrEqual(6000);
    expect(accounts.length).toBeGreaterThanOrEqual(300);
    expect(accounts.length).toBeLessThanOrEqual(500);
    expect(emails.length).toBeGreaterThanOrEqual(60_000);
    expect(emails.length).toBeLessThanOrEqual(100_000);
  });

  it('has plausible deals: sources, links, win rate, stages and cycle lengths', () => {
    expect(new Set(leads.map((l) => l.source))).toEqual(
      new Set(['referral', 'website', 'event', 'cold call', 'partner', 'linkedin']),
    );
    const linked = deals.filter((d) => d.lead_id !== '' && d.account_id !== '');
    expect(linked.length / deals.length).toBeGreaterThan(0.7);
    const won = deals.filter((d) => d.status === 'won');
    const lost = deals.filter((d) => d.status === 'lost');
    const open = deals.filter((d) => d.status === 'open');
    const winRate = won.length / (won.length + lost.length);
    expect(winRate).toBeGreaterThan(0.3);
    expect(winRate).toBeLessThan(0.4);
    expect(open.length).toBeGreaterThan(30);
    expect(open.every((d) => d.closed_at === '')).toBe(true);
    expect(new Set(won.map((d) => d.stage))).toEqual(new Set(['Closed Won']));
    expect(new Set(lost.map((d) => d.stage))).toEqual(new Set(['Closed Lost']));
    expect(new Set(open.map((d) => d.stage))).toEqual(
      new Set(['Prospecting', 'Qualification', 'Proposal', 'Negotiation']),
    );
    const cycles = won
      .map((d) => (Date.parse(d.closed_at ?? '') - Date.parse(d.created_at ?? '')) / DAY_MS)
      .sort((a, b) => a - b);
    expect(cycles[0]).toBeGreaterThan(0);
    expect(cycles.at(-1)).toBeLessThan(200);
    const median = cycles[Math.floor(cycles.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(5);
    expect(median).toBeLessThan(45);
    // A deal converted from a lead is opened after the lead came in.
    const leadCreated = new Map(leads.map((l) => [l.id, Date.parse(l.created_at ?? '')]));
    expect(
      deals.every(
        (d) => d.lead_id === '' || Date.parse(d.created_at ?? '') > (leadCreated.get(d.lead_id ?? '') ?? 0),
      ),
    ).toBe(true);
  });

  it('derives most acquisitions from won deals, records some, and churns ~10–15% a year', () => {
    const wonAccounts = new Set(deals.filter((d) => d.status === 'won').map((d) => d.account_id));
    const explicit = accounts.filter((a) => a.acquired_at !== '');
    const derived = accounts.filter((a) => a.acquired_at === '' && wonAccounts.has(a.id));
    const prospects = accounts.filter((a) => a.acquired_at === '' && !wonAccounts.has(a.id));
    expect(explicit.length).toBeGreaterThan(50);
    expect(derived.length).toBeGreaterThan(explicit.length);
    expect(prospects.length).toBeGreaterThan(50);
    expect(prospects.filter((a) => a.churned_at !== '')).toEqual([]);
    // Annual churn: customers lost over the last 12 months / customers at its start.
    const yearAgo = Date.parse('2025-05-16T00:00:00+07:00');
    const firstWon = new Map<string, number>();
    for (const d of deals) {
      if (d.status !== 'won') continue;
      const t = Date.parse(d.closed_at ?? '');
      firstWon.set(d.account_id ?? '', Math.min(firstWon.get(d.account_id ?? '') ?? t, t));
    }
    const acquired = (a: Record<string, string>) =>
      a.acquired_at
        ? Date.parse(a.acquired_at.length === 10 ? `${a.acquired_at}T00:00:00+07:00` : a.acquired_at)
        : firstWon.get(a.id ?? '');
    const atStart = accounts.filter((a) => {
      const t = acquired(a);
      return (
        t !== undefined && t < yearAgo && (a.churned_at === '' || Date.parse(a.churned_at ?? '') >= yearAgo)
      );
    });
    const churned = atStart.filter((a) => a.churned_at !== '');
    const rate = churned.length / atStart.length;
    expect(rate).toBeGreaterThan(0.07);
    expect(rate).toBeLessThan(0.18);
  });

  it('has a few thousand emails a month, ~3% bounced and ~30% of delivered opened', () => {
    const perMonth = new Map<string, number>();
    for (const e of emails) perMonth.set(month(e.sent_at), (perMonth.get(month(e.sent_at)) ?? 0) + 1);
    for (const [m, n] of perMonth) {
      if (m === '2026-05') continue; // half a month so far
      expect(n, m).toBeGreaterThan(1500);
      expect(n, m).toBeLessThan(6000);
    }
    const bounced = emails.filter((e) => e.bounced === 'true');
    expect(bounced.length / emails.length).toBeGreaterThan(0.02);
    expect(bounced.length / emails.length).toBeLessThan(0.04);
    expect(bounced.filter((e) => e.opened_at !== '')).toEqual([]);
    const delivered = emails.length - bounced.length;
    const opened = emails.filter((e) => e.opened_at !== '').length;
    expect(opened / delivered).toBeGreaterThan(0.25);
    expect(opened / delivered).toBeLessThan(0.35);
  });

  it('shows growth, a strong December and a Lebaran dip', () => {
    const revenue = new Map<string, number>();
    for (const d of deals) {
      if (d.status === 'won')
        revenue.set(month(d.closed_at), (revenue.get(month(d.closed_at)) ?? 0) + Number(d.amount));
    }
    const between = (from: string, to: string) =>
      sum([...revenue].filter(([m]) => m >= from && m <= to).map(([, v]) => v));
    expect(between('2025-05', '2026-04')).toBeGreaterThan(1.15 * between('2024-05', '2025-04'));
    for (const year of ['2024', '2025']) {
      const december = revenue.get(`${year}-12`) ?? 0;
      const rest = between(`${year}-01`, `${year}-11`) / 11;
      expect(december, year).toBeGreaterThan(1.3 * rest);
    }
    // Leads in the week after Lebaran 2025 (31 March) against the same weekdays a month later.
    expect(nearestLebaran(parseIsoDate('2025-04-01'))).toBe(parseIsoDate('2025-03-31'));
    const inRange = (from: string, to: string) =>
      leads.filter((l) => (l.created_at ?? '') >= from && (l.created_at ?? '') < to).length;
    expect(inRange('2025-03-31', '2025-04-07')).toBeLessThan(0.4 * inRange('2025-04-28', '2025-05-05'));
  });

  it('has monthly spend per category', () => {
    const months = new Set(spend.map((s) => s.date?.slice(0, 7)));
    expect(months.size).toBe(25); // May 2024 … May 2026
    for (const m of months) {
      expect(spend.filter((s) => s.date?.startsWith(m ?? '')).map((s) => s.category)).toEqual([
        'salaries',
        'marketing',
        'advertising',
        'tools',
        'events',
      ]);
    }
    expect(spend.every((s) => s.date?.endsWith('-01') && /^\d+$/.test(s.amount ?? ''))).toBe(true);
  });

  it('sets quarterly targets for every rep and team, new customers for the org, and some deal and unit goals', () => {
    const key = (t: Record<string, string>) => `${t.scope} ${t.metric}`;
    const quarters = [...new Set(targets.map((t) => `${t.period_start}..${t.period_end}`))];
    expect(quarters[0]).toBe('2024-04-01..2024-06-30');
    expect(quarters.at(-1)).toBe('2026-04-01..2026-06-30');
    expect(quarters.length).toBe(9);
    const current = targets.filter((t) => t.period_start === '2026-04-01').map(key);
    expect(current).toEqual(
      expect.arrayContaining([
        'rep:R01 revenue',
        'rep:R08 revenue',
        'rep:R12 revenue',
        'team:Jakarta revenue',
        'team:Surabaya revenue',
        'team:Bandung revenue',
        'org new_customers',
        'team:Jakarta deals_won',
        'rep:R01 units',
      ]),
    );
    // The leaver has no target after he left; the joiner none before he joined.
    expect(current).not.toContain('rep:R06 revenue');
    expect(targets.filter((t) => t.scope === 'rep:R08').map((t) => `${t.metric} ${t.period_start}`)).toEqual([
      'revenue 2026-01-01',
      'units 2026-01-01',
      'revenue 2026-04-01',
      'units 2026-04-01',
    ]);
    const leaverTargets = targets.filter((t) => t.scope === 'rep:R06').map((t) => t.period_start);
    expect(leaverTargets.at(-1)).toBe('2025-07-01'); // Hendra left in September 2025
    expect(targets.some((t) => t.metric === 'deals_won')).toBe(true);
    expect(targets.some((t) => t.metric === 'units')).toBe(true);
    const teamRevenue = targets.filter((t) => t.scope === 'team:Jakarta' && t.metric === 'revenue');
    expect(teamRevenue.length).toBe(9);
    expect(teamRevenue.every((t) => Number(t.value) >= 100_000_000)).toBe(true);
  });

  it('defaults today to the current date in Jakarta, stops at the current time, and rejects a malformed date', async () => {
    const out = join(root, 'today');
    const before = Date.now();
    await writeDemoFiles(out, {});
    // Taken after writing: nothing may lie after the moment the generator finished.
    expect(await checkImportDir(out, { endMs: Date.now() })).toEqual([]);
    const todayText = new Date(before + 7 * 3_600_000).toISOString().slice(0, 10);
    const lastLead = (await readCsv(out, 'leads.csv')).at(-1)?.created_at ?? '';
    expect(lastLead.slice(0, 10) <= todayText).toBe(true);
    await expect(writeDemoFiles(join(root, 'bad'), { today: '2026-02-30' })).rejects.toThrow(
      'not a real calendar date',
    );
    await expect(writeDemoFiles(join(root, 'bad'), { today: '15/05/2026' })).rejects.toThrow(
      'not a YYYY-MM-DD',
    );
  });
});
