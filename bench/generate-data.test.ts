import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkImportDir } from '../test/support/check-import-rules.ts';
import { readCsv } from '../test/support/read-csv.ts';
import { BENCH_WINDOW, benchSizes, writeBenchFiles } from './generate-data.ts';

let root: string;
let dir: string;
let counts: Record<string, number>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'udn-bench-'));
  dir = join(root, 'a');
  counts = await writeBenchFiles(dir, { deals: 2000, seed: 3 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeBenchFiles', () => {
  it('writes the proportions for D deals and counts the rows', async () => {
    // 12 quarters × (20 reps + 3 teams × revenue and deals_won + org new_customers)
    expect(counts).toEqual({
      org: 1,
      reps: 20,
      accounts: 400,
      leads: 4000,
      deals: 2000,
      emails: 20_000,
      spend: 180,
      targets: 324,
    });
    const text = await readFile(join(dir, 'emails.csv'), 'utf8');
    expect(text.split('\n').length).toBe(20_000 + 2); // header and a final line end
    expect((await readCsv(dir, 'deals.csv')).length).toBe(2000);
  });

  it('scales reps and teams with the deal count', () => {
    expect(benchSizes(100_000)).toEqual({
      deals: 100_000,
      leads: 200_000,
      accounts: 20_000,
      reps: 20,
      teams: 3,
      emails: 1_000_000,
    });
    expect(benchSizes(1_000_000)).toMatchObject({ reps: 200, teams: 8, emails: 10_000_000 });
  });

  it('keeps every KPI-SPEC §2 rule within three years ending 2026-09-30', async () => {
    expect(BENCH_WINDOW).toMatchObject({ firstDay: '2023-10-01', lastDay: '2026-09-30' });
    expect(await checkImportDir(dir, { endMs: BENCH_WINDOW.endMs })).toEqual([]);
  });

  it('links deals to generated leads and accounts and has all three statuses', async () => {
    const deals = await readCsv(dir, 'deals.csv');
    const status = (s: string) => deals.filter((d) => d.status === s).length;
    expect(status('open')).toBeGreaterThan(20);
    const winRate = status('won') / (status('won') + status('lost'));
    expect(winRate).toBeGreaterThan(0.3);
    expect(winRate).toBeLessThan(0.4);
    expect(deals.filter((d) => d.lead_id !== '').length / deals.length).toBeGreaterThan(0.85);
    expect(deals.filter((d) => d.account_id !== '').length / deals.length).toBeGreaterThan(0.95);
    // Each lead is converted at most once.
    const leadIds = deals.map((d) => d.lead_id).filter((id) => id !== '');
    expect(new Set(leadIds).size).toBe(leadIds.length);
  });

  it('churns accounts with explicit and with derived acquisition dates', async () => {
    const accounts = await readCsv(dir, 'accounts.csv');
    const churned = accounts.filter((a) => a.churned_at !== '');
    expect(churned.filter((a) => a.acquired_at !== '').length).toBeGreaterThan(5);
    expect(churned.filter((a) => a.acquired_at === '').length).toBeGreaterThan(20);
  });

  it('mixes the timestamp and boolean forms the spec allows', async () => {
    const emails = await readCsv(dir, 'emails.csv');
    const sent = emails.map((e) => e.sent_at ?? '');
    const has = (re: RegExp) => sent.some((t) => re.test(t));
    expect(has(/T\d\d:\d\d:\d\d\+07:00$/)).toBe(true);
    expect(has(/T\d\d:\d\d:\d\dZ$/)).toBe(true);
    expect(has(/ \d\d:\d\d:\d\d$/)).toBe(true);
    expect(has(/T\d\d:\d\d:\d\d\.000000$/)).toBe(true);
    expect(has(/ \d\d:\d\d:\d\d\+0700$/)).toBe(true);
    expect(has(/^\d{4}-\d\d-\d\d$/)).toBe(true);
    expect(new Set(emails.map((e) => e.bounced))).toEqual(
      new Set(['true', '1', 'yes', 'TRUE', 'false', '0', 'no', '', 'False']),
    );
    const bounced = emails.filter((e) => ['true', '1', 'yes', 'TRUE'].includes(e.bounced ?? ''));
    expect(bounced.length / emails.length).toBeGreaterThan(0.02);
    expect(bounced.length / emails.length).toBeLessThan(0.04);
    expect(bounced.filter((e) => e.opened_at !== '')).toEqual([]);
  });

  it('is deterministic for the same deals and seed', async () => {
    const again = join(root, 'b');
    await writeBenchFiles(again, { deals: 2000, seed: 3 });
    for (const f of ['accounts.csv', 'deals.csv', 'emails.csv', 'leads.csv', 'targets.csv']) {
      expect((await readFile(join(again, f))).equals(await readFile(join(dir, f))), f).toBe(true);
    }
  });

  it('rejects a deal count that is not a positive integer', async () => {
    await expect(writeBenchFiles(join(root, 'bad'), { deals: 0 })).rejects.toThrow('positive integer');
    await expect(writeBenchFiles(join(root, 'bad'), { deals: 1.5 })).rejects.toThrow('positive integer');
  });

  it('runs as a script', async () => {
    const out = join(root, 'cli');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bench/generate-data.ts', '--deals', '50', '--out', out],
      { cwd: join(import.meta.dirname, '..') },
    );
    expect(stdout).toMatch(/deals\s+50\n/);
    expect(stdout).toMatch(/emails\s+500\n/);
    expect((await readCsv(out, 'leads.csv')).length).toBe(100);
  });
});
