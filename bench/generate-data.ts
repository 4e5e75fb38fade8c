/**
 * Scale data for benchmarks: a KPI-SPEC §2 import directory with D deals, 10·D emails, 2·D leads and
 * D/5 accounts over three years ending 2026-09-30 (Asia/Jakarta, USD).
 *
 * Every record is a pure function of (seed, file, row number), so files stream straight to disk in
 * 64 KB chunks with no per-row state: a deal recomputes the lead it came from, and an account the deal
 * that made it a customer, instead of looking them up. Memory stays flat from 2k to 1M deals.
 *
 *   npx tsx bench/generate-data.ts --deals 100000 [--out bench/.data/100k] [--seed 1]
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { csvField } from '../src/demo/csv.ts';
import { Prng } from '../src/demo/prng.ts';
import {
  epochDayOf,
  formatIsoDate,
  JAKARTA_OFFSET_MINUTES,
  MS_PER_DAY,
  startOfDayMs,
  TimestampFormatter,
} from '../src/demo/wall-clock.ts';

export interface BenchOptions {
  deals: number;
  seed?: number;
}

export const BENCH_DEFAULT_SEED = 1;
export const BENCH_ORG = {
  name: 'UDN Bench Org',
  timezone: 'Asia/Jakarta',
  currency: 'USD',
  fiscal_year_start_month: 1,
  gross_margin: 0.7,
} as const;

/** The data covers 2023-10-01 through 2026-09-30 local time: 12 whole quarters. */
const FIRST_DAY = epochDayOf(2023, 10, 1);
const LAST_DAY = epochDayOf(2026, 9, 30);
const START_MS = startOfDayMs(FIRST_DAY, JAKARTA_OFFSET_MINUTES);
const END_MS = startOfDayMs(LAST_DAY + 1, JAKARTA_OFFSET_MINUTES);
const SPAN_SECONDS = (END_MS - START_MS) / 1000;

/** The instants every generated timestamp lies in: [startMs, endMs). */
export const BENCH_WINDOW = {
  firstDay: formatIsoDate(FIRST_DAY),
  lastDay: formatIsoDate(LAST_DAY),
  startMs: START_MS,
  endMs: END_MS,
};

const TEAM_NAMES = [
  'Jakarta',
  'Surabaya',
  'Bandung',
  'Medan',
  'Semarang',
  'Makassar',
  'Denpasar',
  'Yogyakarta',
];
const FIRST_NAMES = [
  'Budi',
  'Siti',
  'Agus',
  'Dewi',
  'Rizky',
  'Putri',
  'Andi',
  'Intan',
  'Hendra',
  'Ayu',
  'Fajar',
];
const LAST_NAMES = ['Santoso', 'Rahmawati', 'Setiawan', 'Lestari', 'Pratama', 'Wijaya', 'Nugroho', 'Gunawan'];
const SOURCES = ['referral', 'website', 'event', 'cold call', 'partner', 'linkedin'];
const SPEND_CATEGORIES = ['marketing', 'advertising', 'salaries', 'tools', 'other'];
const BOUNCED_TEXT = ['true', '1', 'yes', 'TRUE'];
const DELIVERED_TEXT = ['false', '0', 'no', '', 'False'];
const OPEN_STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation'];

// Independent random streams per file, so adding a column to one file leaves the others unchanged.
const STREAM = { reps: 11, accounts: 12, leads: 13, deals: 14, emails: 15, spend: 16, targets: 17 } as const;

/**
 * Characters per write to the file stream. Small enough that a chunk's many row strings die young in
 * the garbage collector's nursery (1 MB chunks tripled the GC time), big enough to amortise a write.
 */
const CHUNK_CHARS = 1 << 16;

interface Sizes {
  deals: number;
  leads: number;
  accounts: number;
  reps: number;
  teams: number;
  emails: number;
}

export function benchSizes(deals: number): Sizes {
  const reps = Math.max(20, Math.floor(deals / 5000));
  return {
    deals,
    leads: 2 * deals,
    accounts: Math.max(1, Math.floor(deals / 5)),
    reps,
    teams: Math.min(8, Math.max(3, Math.round(reps / 25))),
    emails: 10 * deals,
  };
}

/** Zero-padded 1-based ids (`D000042`), so they sort like the rows; the leading "1" is cut off. */
function idOf(prefix: string, index: number, count: number): string {
  return prefix + String((PAD[String(count).length] ?? 0) + index + 1).slice(1);
}

const PAD: readonly number[] = Array.from({ length: 16 }, (_, n) => 10 ** n);

function centsText(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  // A few amounts drop trailing zeros ("12.5", "12") as spreadsheets do; all are valid money.
  if (rest === 0 && cents % 7 === 0) return String(whole);
  if (rest % 10 === 0 && cents % 3 === 0) return `${whole}.${rest / 10}`;
  return `${whole}.${String(rest).padStart(2, '0')}`;
}

/** Generates each file's rows from pure functions of the row number. */
class BenchModel {
  // One day of slack either side: UTC texts of the first hours fall on the previous UTC day.
  readonly fmt = new TimestampFormatter(JAKARTA_OFFSET_MINUTES, FIRST_DAY - 1, LAST_DAY + 1);
  private readonly rng = new Prng(0);
  private readonly leadRng = new Prng(0);

  constructor(
    readonly sizes: Sizes,
    private readonly seed: number,
  ) {
    this.repIds = Array.from({ length: sizes.reps }, (_, i) => idOf('R', i, sizes.reps));
  }

  private instant(rng: Prng): number {
    return START_MS + Math.floor(rng.next() * SPAN_SECONDS) * 1000;
  }

  /**
   * A timestamp in one of the spec's forms. `roundsDown` permits a bare date, which reads back as
   * the day's first instant: fine for a "from" end of a rule (created_at ≤ closed_at), not a "to" end.
   */
  private stamp(rng: Prng, ms: number, roundsDown: boolean): string {
    const r = rng.next();
    if (r < 0.4) return this.fmt.withOffset(ms);
    if (r < 0.6) return this.fmt.utc(ms);
    if (r < 0.75) return this.fmt.local(ms);
    if (r < 0.85) return this.fmt.localWithFraction(ms);
    if (r < 0.95 || !roundsDown) return this.fmt.withCompactOffset(ms);
    return this.fmt.localDate(ms);
  }

  private readonly repIds: readonly string[];

  private repId(index: number): string {
    return this.repIds[index] ?? '';
  }

  private randomRep(rng: Prng): string {
    return this.repId(Math.floor(rng.next() * this.sizes.reps));
  }

  teamOf(repIndex: number): string | null {
    // Every 20th rep works without a team; the first `teams` reps fill every team.
    if (repIndex % 20 === 19) return null;
    return TEAM_NAMES[repIndex % this.sizes.teams] ?? null;
  }

  repRow(i: number): string {
    const rng = this.rng;
    rng.reseed(this.seed, STREAM.reps, i);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const name = rng.chance(0.1) ? `${last}, ${first}` : `${first} ${last}`;
    const started = rng.chance(0.3) ? FIRST_DAY - 400 + rng.int(0, 1200) : null;
    const ended = rng.chance(0.1) ? Math.max(started ?? FIRST_DAY, FIRST_DAY + rng.int(30, 1000)) : null;
    const email = `${first.toLowerCase()}.${last.toLowerCase()}${i + 1}@bench.example`;
    return `${this.repId(i)},${csvField(name)},${email},${this.teamOf(i) ?? ''},${started === null ? '' : formatIsoDate(started)},${ended === null ? '' : formatIsoDate(ended)}\n`;
  }

  /** Creation instant of lead `k`; the deal converted from it needs it too. */
  private leadCreated(rng: Prng, k: number): number {
    rng.reseed(this.seed, STREAM.leads, k);
    return this.instant(rng);
  }

  leadRow(k: number): string {
    const rng = this.leadRng;
    const created = this.leadCreated(rng, k);
    const owner = rng.chance(0.01) ? '' : this.randomRep(rng);
    return `${idOf('L', k, this.sizes.leads)},${this.stamp(rng, created, true)},${owner},${rng.pick(SOURCES)}\n`;
  }

  /**
   * The part of deal `i` that others depend on. Deal `a` < accounts belongs to account `a`, so an
   * account knows one of its deals — and, when that deal is won, a bound on its acquisition date.
   */
  private dealCore(i: number): { created: number; closed: number | null; won: boolean; lead: number | null } {
    const rng = this.rng;
    rng.reseed(this.seed, STREAM.deals, i);
    const lead = rng.chance(0.9) ? 2 * i + (rng.chance(0.5) ? 0 : 1) : null;
    let created: number;
    if (lead === null) {
      created = this.instant(rng);
    } else {
      const leadCreated = this.leadCreated(this.leadRng, lead);
      const room = Math.max(0, Math.min(30 * 86_400, (END_MS - leadCreated) / 1000 - 1));
      const delay = Math.floor(rng.next() * room) * 1000;
      created = leadCreated + delay;
    }
    const cycle = Math.round(Math.min(365 * 86_400, rng.logNormal(20 * 86_400, 1.0))) * 1000;
    const closed = created + Math.max(1000, cycle);
    if (closed >= END_MS) return { created, closed: null, won: false, lead };
    return { created, closed, won: rng.chance(0.35), lead };
  }

  dealRow(i: number): string {
    const { created, closed, won, lead } = this.dealCore(i);
    const rng = this.rng; // continues the deal's stream after dealCore
    const { accounts } = this.sizes;
    const account = i < accounts ? i : rng.chance(0.02) ? null : Math.floor(rng.next() * accounts);
    const status = closed === null ? 'open' : won ? 'won' : 'lost';
    const cents = Math.max(100, Math.round(rng.logNormal(500_000, 1.0)));
    const amount = status === 'won' || rng.chance(0.85) ? centsText(cents) : '';
    const units = rng.chance(0.2) ? '' : String(rng.int(0, 50));
    const stage = status === 'won' ? 'Closed Won' : status === 'lost' ? 'Closed Lost' : rng.pick(OPEN_STAGES);
    const name = rng.chance(0.05) ? csvField(`Renewal, "Gold" plan ${i + 1}`) : `Deal ${i + 1}`;
    return (
      `${idOf('D', i, this.sizes.deals)},${name},${this.randomRep(rng)},` +
      `${account === null ? '' : idOf('A', account, accounts)},${lead === null ? '' : idOf('L', lead, this.sizes.leads)},` +
      `${this.stamp(rng, created, true)},${closed === null ? '' : this.stamp(rng, closed, false)},${status},` +
      `${amount},${rng.chance(0.5) ? 'USD' : ''},${units},${stage}\n`
    );
  }

  accountRow(a: number): string {
    const anchor = this.dealCore(a);
    const rng = this.rng;
    rng.reseed(this.seed, STREAM.accounts, a);
    let acquired = '';
    let churned = '';
    if (rng.chance(0.2)) {
      // Explicit acquisition date on file: churn, if any, only has to come after it.
      const at = START_MS + Math.floor(rng.next() * SPAN_SECONDS * 0.8) * 1000;
      acquired = this.stamp(rng, at, true);
      if (rng.chance(0.2)) churned = this.stamp(rng, at + this.gapToEnd(rng, at), false);
    } else if (
      anchor.won &&
      anchor.closed !== null &&
      anchor.closed < END_MS - 2 * MS_PER_DAY &&
      rng.chance(0.3)
    ) {
      // Acquisition derived from won deals: the anchor deal closed before the churn, so the earliest
      // won deal did too.
      churned = this.stamp(rng, anchor.closed + this.gapToEnd(rng, anchor.closed), false);
    }
    const name = rng.chance(0.03) ? csvField(`PT "Maju" Jaya ${a + 1}, Tbk`) : `Account ${a + 1}`;
    return `${idOf('A', a, this.sizes.accounts)},${name},${this.randomRep(rng)},${acquired},${churned}\n`;
  }

  /** A whole-second gap of at least a day that keeps `from + gap` before the end of the data. */
  private gapToEnd(rng: Prng, from: number): number {
    const room = (END_MS - from) / 1000 - 86_400 - 1;
    return (86_400 + Math.floor(rng.next() * room)) * 1000;
  }

  emailRow(e: number, rng: Prng): string {
    const sent = this.instant(rng);
    const bounced = rng.chance(0.03);
    let opened = '';
    if (!bounced && rng.chance(0.3)) {
      const at = sent + Math.round(Math.max(60, rng.logNormal(7200, 1.5))) * 1000;
      if (at < END_MS) opened = this.stamp(rng, at, false);
    }
    const campaign = rng.chance(0.4) ? '' : `C${rng.int(1, 50)}`;
    const flag = bounced ? rng.pick(BOUNCED_TEXT) : rng.pick(DELIVERED_TEXT);
    return `${idOf('E', e, this.sizes.emails)},${this.randomRep(rng)},${campaign},${this.stamp(rng, sent, true)},${flag},${opened}\n`;
  }
}

/** Writes rows in chunks and waits for the stream to drain, so memory stays bounded. */
async function writeCsv(
  path: string,
  header: string,
  count: number,
  row: (i: number) => string,
): Promise<number> {
  const stream = createWriteStream(path, { highWaterMark: 4 * CHUNK_CHARS });
  let chunk = `${header}\n`;
  for (let i = 0; i < count; i++) {
    chunk += row(i);
    if (chunk.length >= CHUNK_CHARS) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await finished(stream);
  return count;
}

function quarterSpans(): { start: string; end: string }[] {
  const spans: { start: string; end: string }[] = [];
  for (let q = 0; q < 12; q++) {
    spans.push({
      start: formatIsoDate(epochDayOf(2023, 10 + 3 * q, 1)),
      end: formatIsoDate(epochDayOf(2023, 13 + 3 * q, 0)),
    });
  }
  return spans;
}

/**
 * Writes the bench import directory and returns the number of data rows per file (keyed by file
 * name without extension). Same deals and seed ⇒ byte-identical files.
 */
export async function writeBenchFiles(dir: string, options: BenchOptions): Promise<Record<string, number>> {
  if (!Number.isSafeInteger(options.deals) || options.deals < 1) {
    throw new Error(`deals must be a positive integer, got ${options.deals}`);
  }
  const seed = options.seed ?? BENCH_DEFAULT_SEED;
  const sizes = benchSizes(options.deals);
  const model = new BenchModel(sizes, seed);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'org.json'), `${JSON.stringify(BENCH_ORG, null, 2)}\n`, 'utf8');

  const counts: Record<string, number> = { org: 1 };
  counts.reps = await writeCsv(
    join(dir, 'reps.csv'),
    'id,name,email,team,started_on,ended_on',
    sizes.reps,
    (i) => model.repRow(i),
  );
  counts.accounts = await writeCsv(
    join(dir, 'accounts.csv'),
    'id,name,owner_rep_id,acquired_at,churned_at',
    sizes.accounts,
    (a) => model.accountRow(a),
  );
  counts.leads = await writeCsv(
    join(dir, 'leads.csv'),
    'id,created_at,owner_rep_id,source',
    sizes.leads,
    (k) => model.leadRow(k),
  );
  counts.deals = await writeCsv(
    join(dir, 'deals.csv'),
    'id,name,owner_rep_id,account_id,lead_id,created_at,closed_at,status,amount,currency,units,stage',
    sizes.deals,
    (i) => model.dealRow(i),
  );
  // Emails are never referenced, so one sequential stream is enough (and saves a reseed per row).
  const emailRng = new Prng(0);
  emailRng.reseed(seed, STREAM.emails, 0);
  counts.emails = await writeCsv(
    join(dir, 'emails.csv'),
    'id,rep_id,campaign,sent_at,bounced,opened_at',
    sizes.emails,
    (e) => model.emailRow(e, emailRng),
  );

  const spendRng = new Prng(0);
  spendRng.reseed(seed, STREAM.spend, 0);
  const spendRows: string[] = [];
  for (let m = 0; m < 36; m++) {
    for (const category of SPEND_CATEGORIES) {
      const date = formatIsoDate(epochDayOf(2023, 10 + m, spendRng.int(1, 28)));
      const cents = Math.round(
        spendRng.logNormal(category === 'salaries' ? 8_000_000 : 1_500_000, 0.3) * sizes.reps,
      );
      const note = spendRng.chance(0.2) ? csvField('Q-end accrual, adjusted') : '';
      spendRows.push(
        `${date},${category},${centsText(cents)},${spendRng.chance(0.5) ? 'USD' : ''},${note}\n`,
      );
    }
  }
  counts.spend = await writeCsv(
    join(dir, 'spend.csv'),
    'date,category,amount,currency,note',
    spendRows.length,
    (i) => String(spendRows[i]),
  );

  const quotaRng = new Prng(0);
  quotaRng.reseed(seed, STREAM.targets, 0);
  const quotaRows: string[] = [];
  const teams = TEAM_NAMES.slice(0, sizes.teams);
  const perRep = (sizes.deals * 0.35 * 5000) / 12 / sizes.reps; // expected revenue per rep-quarter
  for (const { start, end } of quarterSpans()) {
    for (let r = 0; r < sizes.reps; r++) {
      const value = centsText(Math.round(perRep * quotaRng.uniform(0.8, 1.2) * 100));
      quotaRows.push(`rep:${idOf('R', r, sizes.reps)},revenue,${start},${end},${value}\n`);
    }
    for (const team of teams) {
      const teamReps = sizes.reps / sizes.teams;
      quotaRows.push(
        `team:${team},revenue,${start},${end},${Math.round(perRep * teamReps * quotaRng.uniform(0.9, 1.1))}\n`,
      );
      quotaRows.push(
        `team:${team},deals_won,${start},${end},${Math.round((sizes.deals * 0.35) / 12 / sizes.teams)}\n`,
      );
    }
    quotaRows.push(`org,new_customers,${start},${end},${Math.max(1, Math.round(sizes.accounts / 15))}\n`);
  }
  counts.targets = await writeCsv(
    join(dir, 'targets.csv'),
    'scope,metric,period_start,period_end,value',
    quotaRows.length,
    (i) => String(quotaRows[i]),
  );
  return counts;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { deals: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } },
  });
  const deals = Number(values.deals);
  if (!Number.isSafeInteger(deals) || deals < 1) {
    console.error('usage: npx tsx bench/generate-data.ts --deals <n> [--out <dir>] [--seed <n>]');
    process.exit(2);
  }
  const label =
    deals % 1_000_000 === 0 ? `${deals / 1_000_000}m` : deals % 1000 === 0 ? `${deals / 1000}k` : `${deals}`;
  const out = values.out ?? join('bench', '.data', label);
  const started = performance.now();
  const counts = await writeBenchFiles(out, {
    deals,
    seed: values.seed === undefined ? undefined : Number(values.seed),
  });
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  for (const [file, n] of Object.entries(counts))
    console.log(`${file.padEnd(9)} ${n.toLocaleString('en-US').padStart(12)}`);
  console.log(
    `${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s) → ${out}`,
  );
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  await main();
}
