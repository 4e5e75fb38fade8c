/**
 * The daily rollup: per owner and local day, the sums the KPI report reads instead of scanning
 * millions of facts. This is the one definition of what each fact contributes; the importer adds
 * a row's contribution (+1) and removes the stored version's (−1), and a full rebuild feeds every
 * stored row through the same functions.
 */

export const DAILY_FACT_COLUMNS = [
  'deals_created',
  'deals_won',
  'revenue',
  'units',
  'cycle_ms',
  'emails_sent',
  'emails_delivered',
  'emails_opened',
  'leads_created',
  'leads_with_deal',
  'leads_won',
  'lead_conversion_ms',
  'customers_acquired',
  'customers_churned',
] as const;

// Column positions, as numbers: a hot loop indexing by column name costs more than the sums.
const DEALS_CREATED = 0;
const DEALS_WON = 1;
const REVENUE = 2;
const UNITS = 3;
const CYCLE_MS = 4;
const EMAILS_SENT = 5;
const EMAILS_DELIVERED = 6;
const EMAILS_OPENED = 7;
const LEADS_CREATED = 8;
const LEADS_WITH_DEAL = 9;
const LEADS_WON = 10;
const LEAD_CONVERSION_MS = 11;
const CUSTOMERS_ACQUIRED = 12;
const CUSTOMERS_CHURNED = 13;

export interface DealFacts {
  owner_rep_id: string | null;
  created_at: number;
  closed_at: number | null;
  status: string;
  amount: number | null;
  units: number;
}

export interface EmailFacts {
  rep_id: string | null;
  sent_at: number;
  bounced: number;
  opened_at: number | null;
}

export interface LeadFacts {
  owner_rep_id: string | null;
  created_at: number;
  has_deal: number;
  first_won_at: number | null;
}

export interface AccountFacts {
  owner_rep_id: string | null;
  effective_acquired_at: number | null;
  churned_at: number | null;
}

export interface DailyFactsRow {
  repId: string;
  day: number;
  values: number[];
}

const WIDTH = DAILY_FACT_COLUMNS.length;
/** Days per block of cells: a block is one typed array, found with one small look-up. */
const BLOCK_DAYS = 64;

/** Accumulates signed contributions per (owner, local day). */
export class DailyFactsDelta {
  // Per owner, blocks of 64 days × 12 sums in one Float64Array: millions of rows touch a few
  // thousand blocks, which stay in cache, instead of a hash table of every (owner, day).
  private readonly blocks = new Map<string, Map<number, Float64Array>>();

  constructor(private readonly dayOf: (epochMs: number) => number) {}

  /** The offset of the (owner, day) cell inside the returned block. */
  private offset = 0;

  private cell(repId: string | null, instant: number): Float64Array {
    const rep = repId ?? '';
    let byBlock = this.blocks.get(rep);
    if (!byBlock) {
      byBlock = new Map();
      this.blocks.set(rep, byBlock);
      this.owners.add(rep);
    }
    const day = this.dayOf(instant);
    const blockNumber = Math.floor(day / BLOCK_DAYS);
    let block = byBlock.get(blockNumber);
    if (!block) {
      block = new Float64Array(BLOCK_DAYS * WIDTH);
      byBlock.set(blockNumber, block);
    }
    this.offset = (day - blockNumber * BLOCK_DAYS) * WIDTH;
    return block;
  }

  /** A deal counts as created on its created day and, when won, on its closing day. */
  deal(d: DealFacts, sign: 1 | -1): void {
    let v = this.cell(d.owner_rep_id, d.created_at);
    let o = this.offset;
    v[o + DEALS_CREATED]! += sign;
    if (d.status === 'won' && d.closed_at !== null) {
      v = this.cell(d.owner_rep_id, d.closed_at);
      o = this.offset;
      v[o + DEALS_WON]! += sign;
      v[o + REVENUE]! += sign * (d.amount ?? 0);
      v[o + UNITS]! += sign * d.units;
      v[o + CYCLE_MS]! += sign * (d.closed_at - d.created_at);
    }
  }

  /** An email counts on its sending day, for its sender; opened only when delivered. */
  email(e: EmailFacts, sign: 1 | -1): void {
    const v = this.cell(e.rep_id, e.sent_at);
    const o = this.offset;
    v[o + EMAILS_SENT]! += sign;
    if (e.bounced === 0) {
      v[o + EMAILS_DELIVERED]! += sign;
      if (e.opened_at !== null) v[o + EMAILS_OPENED]! += sign;
    }
  }

  /** A lead counts on its creation day, with what its linked deals say about its conversion. */
  lead(l: LeadFacts, sign: 1 | -1): void {
    this.leadWithLinks(l, l.has_deal, l.first_won_at, sign);
  }

  /** A lead with the given links (a stored lead's, or none for a new one) instead of its own. */
  leadWithLinks(
    l: Pick<LeadFacts, 'owner_rep_id' | 'created_at'>,
    hasDeal: number,
    firstWonAt: number | null,
    sign: 1 | -1,
  ): void {
    const v = this.cell(l.owner_rep_id, l.created_at);
    const o = this.offset;
    v[o + LEADS_CREATED]! += sign;
    v[o + LEADS_WITH_DEAL]! += sign * hasDeal;
    if (firstWonAt !== null) {
      v[o + LEADS_WON]! += sign;
      v[o + LEAD_CONVERSION_MS]! += sign * (firstWonAt - l.created_at);
    }
  }

  /**
   * A customer counts as acquired on the day of its (effective) acquisition and as churned on the
   * day of its churn; an account without an acquisition is a prospect and counts nowhere.
   */
  customer(a: AccountFacts, sign: 1 | -1): void {
    if (a.effective_acquired_at === null) return;
    const v = this.cell(a.owner_rep_id, a.effective_acquired_at);
    v[this.offset + CUSTOMERS_ACQUIRED]! += sign;
    if (a.churned_at !== null) {
      const w = this.cell(a.owner_rep_id, a.churned_at);
      w[this.offset + CUSTOMERS_CHURNED]! += sign;
    }
  }

  /**
   * Owners with a touched day: their running customer balance (customers_active) must be
   * recomputed, also on days that are new for other reasons (a new day carries the balance on).
   */
  readonly owners = new Set<string>();

  /** Cells that changed (contributions that cancel out are dropped). */
  changed(): DailyFactsRow[] {
    const out: DailyFactsRow[] = [];
    for (const [repId, byBlock] of this.blocks) {
      for (const [blockNumber, block] of byBlock) {
        for (let i = 0; i < BLOCK_DAYS; i++) {
          const values = Array.from(block.subarray(i * WIDTH, (i + 1) * WIDTH));
          if (values.some((v) => v !== 0)) out.push({ repId, day: blockNumber * BLOCK_DAYS + i, values });
        }
      }
    }
    return out;
  }
}
