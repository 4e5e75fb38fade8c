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
] as const;
export type DailyFactColumn = (typeof DAILY_FACT_COLUMNS)[number];

const COLUMN_INDEX = Object.fromEntries(DAILY_FACT_COLUMNS.map((c, i) => [c, i])) as Record<
  DailyFactColumn,
  number
>;

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

export interface DailyFactsRow {
  repId: string;
  day: number;
  values: number[];
}

/** Accumulates signed contributions per (owner, local day). */
export class DailyFactsDelta {
  // Owner, then day: two small-key look-ups per fact are cheaper than building a string key.
  private readonly cells = new Map<string, Map<number, DailyFactsRow>>();

  constructor(private readonly dayOf: (epochMs: number) => number) {}

  private cell(repId: string | null, instant: number): number[] {
    const day = this.dayOf(instant);
    const rep = repId ?? '';
    let byDay = this.cells.get(rep);
    if (!byDay) {
      byDay = new Map();
      this.cells.set(rep, byDay);
    }
    let cell = byDay.get(day);
    if (!cell) {
      cell = { repId: rep, day, values: new Array<number>(DAILY_FACT_COLUMNS.length).fill(0) };
      byDay.set(day, cell);
    }
    return cell.values;
  }

  private add(values: number[], column: DailyFactColumn, amount: number): void {
    values[COLUMN_INDEX[column]]! += amount;
  }

  /** A deal counts as created on its created day and, when won, on its closing day. */
  deal(d: DealFacts, sign: 1 | -1): void {
    this.add(this.cell(d.owner_rep_id, d.created_at), 'deals_created', sign);
    if (d.status === 'won' && d.closed_at !== null) {
      const v = this.cell(d.owner_rep_id, d.closed_at);
      this.add(v, 'deals_won', sign);
      this.add(v, 'revenue', sign * (d.amount ?? 0));
      this.add(v, 'units', sign * d.units);
      this.add(v, 'cycle_ms', sign * (d.closed_at - d.created_at));
    }
  }

  /** An email counts on its sending day, for its sender; opened only when delivered. */
  email(e: EmailFacts, sign: 1 | -1): void {
    const v = this.cell(e.rep_id, e.sent_at);
    this.add(v, 'emails_sent', sign);
    if (e.bounced === 0) {
      this.add(v, 'emails_delivered', sign);
      if (e.opened_at !== null) this.add(v, 'emails_opened', sign);
    }
  }

  /** A lead counts on its creation day, with what its linked deals say about its conversion. */
  lead(l: LeadFacts, sign: 1 | -1): void {
    const v = this.cell(l.owner_rep_id, l.created_at);
    this.add(v, 'leads_created', sign);
    this.add(v, 'leads_with_deal', sign * l.has_deal);
    if (l.first_won_at !== null) {
      this.add(v, 'leads_won', sign);
      this.add(v, 'lead_conversion_ms', sign * (l.first_won_at - l.created_at));
    }
  }

  /** Cells that changed (contributions that cancel out are dropped). */
  changed(): DailyFactsRow[] {
    const out: DailyFactsRow[] = [];
    for (const byDay of this.cells.values()) {
      for (const cell of byDay.values()) if (cell.values.some((v) => v !== 0)) out.push(cell);
    }
    return out;
  }
}
