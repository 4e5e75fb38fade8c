import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from './csv.ts';
import { EMAIL_COLUMNS, generateEmails } from './demo-emails.ts';
import { planSpend, planTargets } from './demo-plan.ts';
import { simulateSales } from './demo-sales.ts';
import { buildDemoReps, type DemoRep } from './demo-team.ts';
import { makeWindow } from './demo-window.ts';
import { Prng } from './prng.ts';
import {
  addMonths,
  dateParts,
  epochDayOf,
  formatIsoDate,
  formatWithOffset,
  JAKARTA_OFFSET_MINUTES,
  parseIsoDate,
  startOfDayMs,
  todayAt,
} from './wall-clock.ts';

export interface DemoOptions {
  seed?: number;
  /** YYYY-MM-DD, the last day of the history; default: today's date in Asia/Jakarta. */
  today?: string;
  /**
   * The instant the history stops (epoch ms): nothing lies at or after it. Default the clock, so a
   * demo made this morning has no leads from this afternoon; a `today` in the past ends at its
   * midnight. It must not lie before `today`.
   */
  now?: number;
}

export interface DemoFiles {
  /** Paths of the files written, in `dir`. */
  files: string[];
  /** Data rows per file, keyed by file name without extension (org.json counts as 1). */
  counts: Record<string, number>;
}

export const DEMO_DEFAULT_SEED = 20_240_417;

export const DEMO_ORG = {
  name: 'PT Nusantara Office Supply',
  timezone: 'Asia/Jakarta',
  currency: 'IDR',
  fiscal_year_start_month: 1,
  gross_margin: 0.62,
} as const;

// Each part of the data draws from its own stream, so tuning the emails does not reshuffle the deals.
const STREAM = { sales: 1, emails: 2, spend: 3, targets: 4 } as const;

function streamRng(seed: number, stream: number): Prng {
  const rng = new Prng(0);
  rng.reseed(seed, stream, 0);
  return rng;
}

function ts(ms: number | null): string | null {
  return ms === null ? null : formatWithOffset(ms, JAKARTA_OFFSET_MINUTES);
}

function date(epochDay: number | null): string | null {
  return epochDay === null ? null : formatIsoDate(epochDay);
}

function csv(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return csvLine(columns) + rows.map(csvLine).join('');
}

/**
 * Writes the demo organisation — a B2B office-supply distributor in Java with two years of sales
 * history up to `today` — as a KPI-SPEC §2 import directory. The same seed and today give
 * byte-identical files.
 */
export async function writeDemoFiles(dir: string, options: DemoOptions = {}): Promise<DemoFiles> {
  const seed = options.seed ?? DEMO_DEFAULT_SEED;
  const now = options.now ?? Date.now();
  const todayText = options.today ?? todayAt(JAKARTA_OFFSET_MINUTES, now);
  const today = parseIsoDate(todayText);
  if (now < startOfDayMs(today, JAKARTA_OFFSET_MINUTES)) {
    throw new Error(`"${todayText}" has not begun yet in Asia/Jakarta: the demo has no future`);
  }
  const back = dateParts(addMonths(today, -24));
  const window = makeWindow(epochDayOf(back.year, back.month, 1), today, now);

  const reps = buildDemoReps(today);
  const sales = simulateSales(streamRng(seed, STREAM.sales), reps, window);
  const emails = generateEmails(streamRng(seed, STREAM.emails), reps, window);
  const spend = planSpend(streamRng(seed, STREAM.spend), reps, sales.deals, window);
  const targets = planTargets(streamRng(seed, STREAM.targets), reps, sales.deals, sales.accounts, window);

  const repId = (index: number | null): string | null => (index === null ? null : repOf(reps, index).id);
  const contents: [string, string, number][] = [
    ['org.json', `${JSON.stringify(DEMO_ORG, null, 2)}\n`, 1],
    [
      'reps.csv',
      csv(
        ['id', 'name', 'email', 'team', 'started_on', 'ended_on'],
        reps.map((r) => [r.id, r.name, r.email, r.team, date(r.startedOn), date(r.endedOn)]),
      ),
      reps.length,
    ],
    [
      'accounts.csv',
      csv(
        ['id', 'name', 'owner_rep_id', 'acquired_at', 'churned_at'],
        sales.accounts.map((a) => [a.id, a.name, repId(a.owner), a.acquiredText, ts(a.churnedMs)]),
      ),
      sales.accounts.length,
    ],
    [
      'leads.csv',
      csv(
        ['id', 'created_at', 'owner_rep_id', 'source'],
        sales.leads.map((l) => [l.id, ts(l.createdMs), repId(l.owner), l.source]),
      ),
      sales.leads.length,
    ],
    [
      'deals.csv',
      csv(
        [
          'id',
          'name',
          'owner_rep_id',
          'account_id',
          'lead_id',
          'created_at',
          'closed_at',
          'status',
          'amount',
          'currency',
          'units',
          'stage',
        ],
        sales.deals.map((d) => [
          d.id,
          d.name,
          repId(d.owner),
          d.account === null ? null : (sales.accounts[d.account]?.id ?? null),
          d.lead === null ? null : (sales.leads[d.lead]?.id ?? null),
          ts(d.createdMs),
          ts(d.closedMs),
          d.status,
          d.amount,
          d.currency,
          d.units,
          d.stage,
        ]),
      ),
      sales.deals.length,
    ],
    ['emails.csv', csvLine(EMAIL_COLUMNS) + emails.body, emails.count],
    [
      'spend.csv',
      csv(
        ['date', 'category', 'amount', 'currency', 'note'],
        spend.map((s) => [s.date, s.category, s.amount, 'IDR', s.note]),
      ),
      spend.length,
    ],
    [
      'targets.csv',
      csv(
        ['scope', 'metric', 'period_start', 'period_end', 'value'],
        targets.map((t) => [t.scope, t.metric, t.periodStart, t.periodEnd, t.value]),
      ),
      targets.length,
    ],
  ];

  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const counts: Record<string, number> = {};
  for (const [name, text, rows] of contents) {
    const path = join(dir, name);
    await writeFile(path, text, 'utf8');
    files.push(path);
    counts[name.replace(/\.(csv|json)$/, '')] = rows;
  }
  return { files, counts };
}

function repOf(reps: readonly DemoRep[], index: number): DemoRep {
  const rep = reps[index];
  if (rep === undefined) throw new Error(`no rep ${index}`);
  return rep;
}
