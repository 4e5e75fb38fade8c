import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import currencyCodes from 'currency-codes';
import { Temporal } from 'temporal-polyfill';

/**
 * An independent reading of the KPI-SPEC §2 import rules, used by the generators' tests to prove
 * that what they write would be accepted. It deliberately shares no code with the importer, so a
 * bug in one does not hide a bug in the other.
 */
export interface RuleViolation {
  file: string;
  /** Physical line of the record (the header is line 1). */
  line: number;
  column: string;
  reason: string;
}

export interface CheckOptions {
  /** When set, every timestamp must lie before this instant, and every row date on or before its day. */
  endMs?: number;
}

interface Row {
  line: number;
  get(column: string): string;
}

interface Table {
  file: string;
  rows: Row[];
}

const COLUMNS: Readonly<Record<string, { required: readonly string[]; optional: readonly string[] }>> = {
  'reps.csv': { required: ['id', 'name'], optional: ['email', 'team', 'started_on', 'ended_on'] },
  'accounts.csv': { required: ['id', 'name'], optional: ['owner_rep_id', 'acquired_at', 'churned_at'] },
  'leads.csv': { required: ['id', 'created_at'], optional: ['owner_rep_id', 'source'] },
  'deals.csv': {
    required: ['id', 'created_at', 'status'],
    optional: [
      'name',
      'owner_rep_id',
      'account_id',
      'lead_id',
      'closed_at',
      'amount',
      'currency',
      'units',
      'stage',
    ],
  },
  'emails.csv': { required: ['id', 'sent_at'], optional: ['rep_id', 'campaign', 'bounced', 'opened_at'] },
  'spend.csv': { required: ['date', 'category', 'amount'], optional: ['currency', 'note'] },
  'targets.csv': { required: ['scope', 'metric', 'period_start', 'period_end', 'value'], optional: [] },
};

const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONEY_RE = /^(\d+)(?:\.(\d+))?$/;
const BOOLEAN_RE = /^(true|false|1|0|yes|no)$/i;
const METRICS = new Set(['revenue', 'units', 'deals_won', 'new_customers']);

interface Org {
  timezone: string;
  currency: string;
  digits: number;
}

export async function checkImportDir(dir: string, options: CheckOptions = {}): Promise<RuleViolation[]> {
  return new Checker(dir, options).run();
}

class Checker {
  private readonly violations: RuleViolation[] = [];
  private org: Org = { timezone: 'UTC', currency: 'USD', digits: 2 };
  private readonly localShift = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly options: CheckOptions,
  ) {}

  private fail(file: string, line: number, column: string, reason: string): void {
    this.violations.push({ file, line, column, reason });
  }

  async run(): Promise<RuleViolation[]> {
    await this.readOrg();
    const t: Record<string, Table | undefined> = {};
    for (const file of Object.keys(COLUMNS)) t[file] = await this.readTable(file);
    const reps = this.ids(t['reps.csv']);
    const accounts = this.ids(t['accounts.csv']);
    const leads = this.ids(t['leads.csv']);
    const teams = new Set((t['reps.csv']?.rows ?? []).map((r) => r.get('team')).filter((v) => v !== ''));

    for (const r of t['reps.csv']?.rows ?? []) {
      const started = this.date('reps.csv', r, 'started_on', true);
      const ended = this.date('reps.csv', r, 'ended_on', true);
      if (started !== null && ended !== null && ended < started) {
        this.fail('reps.csv', r.line, 'ended_on', 'ended_on is before started_on');
      }
    }

    const firstWon = new Map<string, number>();
    for (const r of t['deals.csv']?.rows ?? []) {
      const f = 'deals.csv';
      this.reference(f, r, 'owner_rep_id', reps);
      this.reference(f, r, 'account_id', accounts);
      this.reference(f, r, 'lead_id', leads);
      const created = this.timestamp(f, r, 'created_at');
      const closed = this.timestamp(f, r, 'closed_at');
      const status = r.get('status');
      if (status !== 'open' && status !== 'won' && status !== 'lost') {
        this.fail(f, r.line, 'status', `"${status}" is not open, won or lost`);
      }
      if (status === 'open' && r.get('closed_at') !== '')
        this.fail(f, r.line, 'closed_at', 'open deal is closed');
      if ((status === 'won' || status === 'lost') && r.get('closed_at') === '') {
        this.fail(f, r.line, 'closed_at', `${status} deal has no closed_at`);
      }
      if (status === 'won' && r.get('amount') === '')
        this.fail(f, r.line, 'amount', 'won deal has no amount');
      if (created !== null && closed !== null && closed < created) {
        this.fail(f, r.line, 'closed_at', 'closed_at is before created_at');
      }
      this.money(f, r, 'amount');
      this.currency(f, r);
      const units = r.get('units');
      if (units !== '' && !/^\d+$/.test(units))
        this.fail(f, r.line, 'units', `"${units}" is not an integer ≥ 0`);
      const account = r.get('account_id');
      if (status === 'won' && closed !== null && account !== '') {
        firstWon.set(account, Math.min(firstWon.get(account) ?? Number.POSITIVE_INFINITY, closed));
      }
    }

    for (const r of t['accounts.csv']?.rows ?? []) {
      const f = 'accounts.csv';
      this.reference(f, r, 'owner_rep_id', reps);
      const acquired = this.timestamp(f, r, 'acquired_at') ?? firstWon.get(r.get('id')) ?? null;
      const churned = this.timestamp(f, r, 'churned_at');
      if (churned === null) continue;
      if (acquired === null)
        this.fail(f, r.line, 'churned_at', 'churned_at on an account that is not a customer');
      else if (churned <= acquired) this.fail(f, r.line, 'churned_at', 'churned_at is not after acquisition');
    }

    for (const r of t['leads.csv']?.rows ?? []) {
      this.reference('leads.csv', r, 'owner_rep_id', reps);
      this.timestamp('leads.csv', r, 'created_at');
    }

    for (const r of t['emails.csv']?.rows ?? []) {
      const f = 'emails.csv';
      this.reference(f, r, 'rep_id', reps);
      const sent = this.timestamp(f, r, 'sent_at');
      const opened = this.timestamp(f, r, 'opened_at');
      if (sent !== null && opened !== null && opened < sent)
        this.fail(f, r.line, 'opened_at', 'opened before sent');
      const bounced = r.get('bounced');
      if (bounced !== '' && !BOOLEAN_RE.test(bounced))
        this.fail(f, r.line, 'bounced', `"${bounced}" is not a boolean`);
    }

    for (const r of t['spend.csv']?.rows ?? []) {
      this.date('spend.csv', r, 'date', true);
      this.money('spend.csv', r, 'amount');
      this.currency('spend.csv', r);
    }

    const seen = new Set<string>();
    for (const r of t['targets.csv']?.rows ?? []) {
      const f = 'targets.csv';
      const scope = r.get('scope');
      if (scope.startsWith('team:')) {
        if (!teams.has(scope.slice(5))) this.fail(f, r.line, 'scope', `no rep has team "${scope.slice(5)}"`);
      } else if (scope.startsWith('rep:')) {
        if (!reps.has(scope.slice(4))) this.fail(f, r.line, 'scope', `no rep "${scope.slice(4)}"`);
      } else if (scope !== 'org') {
        this.fail(f, r.line, 'scope', `"${scope}" is not org, team:<name> or rep:<id>`);
      }
      if (!METRICS.has(r.get('metric')))
        this.fail(f, r.line, 'metric', `"${r.get('metric')}" is not a metric`);
      const start = this.date(f, r, 'period_start', false);
      const end = this.date(f, r, 'period_end', false);
      if (start !== null && end !== null && end < start)
        this.fail(f, r.line, 'period_end', 'ends before it starts');
      if (!/^\d+(\.\d+)?$/.test(r.get('value'))) this.fail(f, r.line, 'value', 'not a non-negative number');
      const key = [scope, r.get('metric'), r.get('period_start'), r.get('period_end')].join('|');
      if (seen.has(key)) this.fail(f, r.line, 'scope', 'duplicate scope+metric+period');
      seen.add(key);
    }
    return this.violations;
  }

  private async readOrg(): Promise<void> {
    let text: string;
    try {
      text = await readFile(join(this.dir, 'org.json'), 'utf8');
    } catch {
      return;
    }
    const json = JSON.parse(text) as { timezone?: string; currency?: string };
    const currency = json.currency ?? 'USD';
    const digits = currencyCodes.code(currency)?.digits;
    if (digits === undefined) this.fail('org.json', 1, 'currency', `unknown currency ${currency}`);
    this.org = { timezone: json.timezone ?? 'UTC', currency, digits: digits ?? 2 };
  }

  private async readTable(file: string): Promise<Table | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.dir, file), 'utf8');
    } catch {
      return undefined;
    }
    let records: string[][];
    try {
      records = parse(text, { bom: true, skip_empty_lines: true });
    } catch (error) {
      this.fail(file, 0, '', `not RFC 4180 CSV: ${(error as Error).message}`);
      return undefined;
    }
    const lines = recordStartLines(text);
    const header = (records[0] ?? []).map((h) => h.trim());
    const spec = COLUMNS[file];
    if (spec === undefined) return undefined;
    for (const column of spec.required) {
      if (!header.includes(column)) this.fail(file, 1, column, 'required column missing');
    }
    for (const column of header) {
      if (!spec.required.includes(column) && !spec.optional.includes(column)) {
        this.fail(file, 1, column, 'unknown column');
      }
    }
    const index = new Map(header.map((h, i) => [h, i]));
    const rows = records.slice(1).map((record, i) => ({
      line: lines[i + 1] ?? 0,
      get: (column: string) => {
        const at = index.get(column);
        return at === undefined ? '' : (record[at] ?? '').trim();
      },
    }));
    return { file, rows };
  }

  private ids(table: Table | undefined): Set<string> {
    const ids = new Set<string>();
    for (const r of table?.rows ?? []) {
      const id = r.get('id');
      if (id === '') this.fail(table?.file ?? '', r.line, 'id', 'empty id');
      else if (ids.has(id)) this.fail(table?.file ?? '', r.line, 'id', `duplicate id ${id}`);
      ids.add(id);
    }
    return ids;
  }

  private reference(file: string, row: Row, column: string, ids: ReadonlySet<string>): void {
    const value = row.get(column);
    if (value !== '' && !ids.has(value)) this.fail(file, row.line, column, `unknown ${column} "${value}"`);
  }

  private money(file: string, row: Row, column: string): void {
    const value = row.get(column);
    if (value === '') return;
    const m = MONEY_RE.exec(value);
    if (!m) this.fail(file, row.line, column, `"${value}" is not a non-negative decimal`);
    else if ((m[2] ?? '').length > this.org.digits)
      this.fail(file, row.line, column, `"${value}" has too many decimals`);
  }

  private currency(file: string, row: Row): void {
    const value = row.get('currency');
    if (value !== '' && value !== this.org.currency)
      this.fail(file, row.line, 'currency', `"${value}" is not the org's currency`);
  }

  /** A date column as an epoch day; `bounded` dates must not lie after the day of `endMs`. */
  private date(file: string, row: Row, column: string, bounded: boolean): number | null {
    const value = row.get(column);
    if (value === '') return null;
    const m = DATE_RE.exec(value);
    const day = m ? realDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (day === null) {
      this.fail(file, row.line, column, `"${value}" is not a YYYY-MM-DD date`);
      return null;
    }
    if (bounded && this.options.endMs !== undefined && this.startOfDay(day) >= this.options.endMs) {
      this.fail(file, row.line, column, `${value} is in the future`);
    }
    return day;
  }

  private timestamp(file: string, row: Row, column: string): number | null {
    const value = row.get(column);
    if (value === '') return null;
    const m = TIMESTAMP_RE.exec(value);
    const day = m ? realDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    const [hour, minute, second] = [Number(m?.[4] ?? 0), Number(m?.[5] ?? 0), Number(m?.[6] ?? 0)];
    if (m === null || day === null || hour > 23 || minute > 59 || second > 59) {
      this.fail(file, row.line, column, `"${value}" is not a timestamp`);
      return null;
    }
    const wall =
      day * 86_400_000 +
      ((hour * 60 + minute) * 60 + second) * 1000 +
      Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
    const offset = m[8];
    let ms: number;
    if (offset === undefined) ms = wall - this.shiftAt(wall);
    else if (offset === 'Z') ms = wall;
    else {
      const digits = offset.slice(1).replace(':', '');
      const sign = offset.startsWith('-') ? -1 : 1;
      ms = wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    if (this.options.endMs !== undefined && ms >= this.options.endMs) {
      this.fail(file, row.line, column, `${value} is in the future`);
    }
    return ms;
  }

  private startOfDay(epochDay: number): number {
    const wall = epochDay * 86_400_000;
    return wall - this.shiftAt(wall);
  }

  /** Offset (local − UTC) of the organisation's zone for a wall-clock time, cached per local hour. */
  private shiftAt(wallAsUtc: number): number {
    const hourStart = Math.floor(wallAsUtc / 3_600_000) * 3_600_000;
    const key = new Date(hourStart).toISOString().slice(0, 19);
    let shift = this.localShift.get(key);
    if (shift === undefined) {
      const instant = Temporal.PlainDateTime.from(key).toZonedDateTime(this.org.timezone, {
        disambiguation: 'compatible',
      }).epochMilliseconds;
      shift = hourStart - instant;
      this.localShift.set(key, shift);
    }
    return shift;
  }
}

/**
 * The physical line (header = 1) on which each non-empty record starts. csv-parse's own line count
 * drifts when a quoted value holds a CRLF, so the lines are counted here.
 */
function recordStartLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let startLine = 1;
  let empty = true;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      if (quoted) continue;
      if (!empty) starts.push(startLine);
      empty = true;
      startLine = line;
    } else if (c === '"') {
      quoted = !quoted;
      empty = false;
    } else if (c !== '\r' && !(i === 0 && c === '\uFEFF')) {
      empty = false;
    }
  }
  if (!empty) starts.push(startLine);
  return starts;
}

function realDay(year: number, month: number, day: number): number | null {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
    ? ms / 86_400_000
    : null;
}
