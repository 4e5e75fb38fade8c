import { TABLE_COLUMNS } from '../core/contracts/mapping.ts';
import { isTargetMetric, TARGET_METRICS } from '../core/kpis/definitions.ts';
import { formatScope, parseScope } from '../core/scope.ts';
import { type FactTable, type FileRow, hasIdKey, type StoredRow } from '../db/bulk-writer.ts';
import { quoteCell } from './quote-cell.ts';
import type { RowReader } from './row-reader.ts';

/** A reference checked against the store after reading (reps are checked while reading). */
export interface Reference {
  column: string;
  entity: 'accounts' | 'leads';
  id: string;
}

/** What a row may check against rows already known (stored, or earlier in this import). */
export interface KnownData {
  hasRep(id: string): boolean;
  /** A rep row of this import was refused: references to it are that row's error, not new ones. */
  repRefused(id: string): boolean;
  hasTeam(name: string): boolean;
}

/** KnownData as plain lists, so that it can be handed to a parsing thread. */
export interface KnownLists {
  repIds: readonly string[];
  refusedRepIds: readonly string[];
  teams: readonly string[];
  /** Names and emails of the reps, in `repIds` order: owner cells of mapped files find reps by them. */
  repNames?: readonly string[];
  repEmails?: readonly (string | null)[];
  /** How many of `repIds` this import created from owners (`createReps: when-none` counts the others). */
  ownerRepCount?: number;
}

export function knownFrom(lists: KnownLists): KnownData {
  const reps = new Set(lists.repIds);
  const refused = new Set(lists.refusedRepIds);
  const teams = new Set(lists.teams);
  return {
    hasRep: (id) => reps.has(id),
    repRefused: (id) => refused.has(id),
    hasTeam: (name) => teams.has(name),
  };
}

/**
 * One file of KPI-SPEC §2, writing rows of table `T`: its columns, how a record becomes a row, and
 * what it refers to. The row type follows the table from reading through batching to writing.
 */
export interface FileSpec<T extends FactTable> {
  table: T;
  file: string;
  columns: readonly string[];
  required: readonly string[];
  /** The longest cell of each column, in characters (Unicode code points); docs/import.md lists them. */
  maxLength: Readonly<Record<string, number>>;
  /** Columns of free text, whose cells may hold tabs and line breaks; no other cell may. */
  freeText: readonly string[];
  /**
   * The row's fields by type: parsed rows travel between threads as one text and one number column
   * block (row-batch.ts), which costs a fraction of cloning objects. fileSpec() checks them
   * against the row type; here they are plain names, so that a spec of one table is a spec of
   * any (the importer handles every file alike).
   */
  text: readonly string[];
  numbers: readonly string[];
  /** Unique within the file; also the row's key in the store. */
  keyOf(row: FileRow<T> | StoredRow<T>): string;
  /** `seen` is scratch space that lives for one file. */
  read(r: RowReader, known: KnownData, seen: Map<string, number>): FileRow<T> | undefined;
  /** References checked against the store in batches (only deals have any). */
  references?(row: FileRow<T>): Reference[];
}

/**
 * A file spec whose field lists are checked against its table's row (every field, by its type)
 * and whose lengths name every column.
 */
function fileSpec<T extends FactTable, const C extends readonly string[]>(
  spec: FileSpec<T> & {
    columns: C;
    maxLength: Readonly<Record<C[number], number>>;
    freeText: readonly C[number][];
    text: readonly (keyof FileRow<T> & string)[];
    numbers: readonly (keyof FileRow<T> & string)[];
  },
): FileSpec<T> {
  return spec;
}

/** Cell lengths by kind, in characters: generous for real data, small enough to show and store. */
export const MAX_ID = 64;
export const MAX_NAME = 200;
/** RFC 5321's limit on an address in a mail path. */
export const MAX_EMAIL = 254;
export const MAX_LABEL = 100;
export const MAX_FREE_TEXT = 2000;
/** Dates, timestamps, amounts, numbers, booleans, statuses, currency codes: far longer than any valid one. */
export const MAX_VALUE = 64;
/** `team:<team>` or `rep:<rep id>`. */
export const MAX_SCOPE = 'team:'.length + MAX_LABEL;

/** How a duplicate row is named in its error. */
export function describeKey<T extends FactTable>(spec: FileSpec<T>, row: FileRow<T>): string {
  return hasIdKey(spec.table) && 'id' in row
    ? `id ${quoteCell(String(row.id))}`
    : 'target (same scope, metric and period)';
}

/** Reads a rep reference: the rep must exist, stored or earlier in this import. */
function repRef(r: RowReader, known: KnownData, column: string): string | null {
  const id = r.text(column);
  if (id !== null && !known.hasRep(id)) {
    if (known.repRefused(id)) r.refuse();
    else r.fail(column, `rep ${quoteCell(id)} does not exist (not stored and not in this import)`);
  }
  return id;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

export const repsFile = fileSpec({
  table: 'reps',
  file: 'reps.csv',
  columns: TABLE_COLUMNS.reps,
  required: ['id', 'name'],
  maxLength: {
    id: MAX_ID,
    name: MAX_NAME,
    email: MAX_EMAIL,
    team: MAX_LABEL,
    started_on: MAX_VALUE,
    ended_on: MAX_VALUE,
  },
  freeText: [],
  text: ['id', 'name', 'email', 'team', 'started_on', 'ended_on'],
  numbers: [],
  keyOf: (row) => row.id,
  read(r) {
    const row: FileRow<'reps'> = {
      id: r.requiredText('id') ?? '',
      name: r.requiredText('name') ?? '',
      email: r.text('email'),
      team: r.text('team'),
      started_on: r.date('started_on'),
      ended_on: r.date('ended_on'),
    };
    if (row.email !== null && !EMAIL_RE.test(row.email))
      r.fail('email', `${quoteCell(row.email)} is not an email address`);
    if (row.started_on !== null && row.ended_on !== null && row.ended_on < row.started_on) {
      r.fail('ended_on', `${row.ended_on} is before started_on ${row.started_on}`);
    }
    return r.ok ? row : undefined;
  },
});

export const accountsFile = fileSpec({
  table: 'accounts',
  file: 'accounts.csv',
  columns: TABLE_COLUMNS.accounts,
  required: ['id', 'name'],
  maxLength: {
    id: MAX_ID,
    name: MAX_NAME,
    owner_rep_id: MAX_ID,
    acquired_at: MAX_VALUE,
    churned_at: MAX_VALUE,
  },
  freeText: [],
  text: ['id', 'name', 'owner_rep_id'],
  numbers: ['acquired_at', 'churned_at'],
  keyOf: (row) => row.id,
  read(r, known) {
    const row: FileRow<'accounts'> = {
      id: r.requiredText('id') ?? '',
      name: r.requiredText('name') ?? '',
      owner_rep_id: repRef(r, known, 'owner_rep_id'),
      acquired_at: r.timestamp('acquired_at'),
      churned_at: r.timestamp('churned_at'),
    };
    // Without acquired_at the acquisition is derived from won deals: checked once deals are in.
    if (row.acquired_at !== null && row.churned_at !== null && row.churned_at <= row.acquired_at) {
      r.fail('churned_at', 'must be after acquired_at');
    }
    return r.ok ? row : undefined;
  },
});

export const leadsFile = fileSpec({
  table: 'leads',
  file: 'leads.csv',
  columns: TABLE_COLUMNS.leads,
  required: ['id', 'created_at'],
  maxLength: { id: MAX_ID, created_at: MAX_VALUE, owner_rep_id: MAX_ID, source: MAX_LABEL },
  freeText: [],
  text: ['id', 'owner_rep_id', 'source'],
  numbers: ['created_at'],
  keyOf: (row) => row.id,
  read(r, known) {
    const row: FileRow<'leads'> = {
      id: r.requiredText('id') ?? '',
      created_at: r.timestamp('created_at', true) ?? 0,
      owner_rep_id: repRef(r, known, 'owner_rep_id'),
      source: r.text('source'),
    };
    return r.ok ? row : undefined;
  },
});

const DEAL_STATUSES = new Set(['open', 'won', 'lost']);

export const dealsFile = fileSpec({
  table: 'deals',
  file: 'deals.csv',
  columns: TABLE_COLUMNS.deals,
  required: ['id', 'created_at', 'status'],
  maxLength: {
    id: MAX_ID,
    name: MAX_NAME,
    owner_rep_id: MAX_ID,
    account_id: MAX_ID,
    lead_id: MAX_ID,
    created_at: MAX_VALUE,
    closed_at: MAX_VALUE,
    status: MAX_VALUE,
    amount: MAX_VALUE,
    currency: MAX_VALUE,
    units: MAX_VALUE,
    stage: MAX_LABEL,
  },
  freeText: [],
  text: ['id', 'name', 'owner_rep_id', 'account_id', 'lead_id', 'status', 'currency', 'stage'],
  numbers: ['created_at', 'closed_at', 'amount', 'units'],
  keyOf: (row) => row.id,
  read(r, known) {
    const statusText = r.requiredText('status');
    const status = statusText?.toLowerCase() ?? 'open';
    if (statusText !== null && !DEAL_STATUSES.has(status))
      r.fail('status', `${quoteCell(statusText)} is not open, won or lost`);
    const row: FileRow<'deals'> = {
      id: r.requiredText('id') ?? '',
      name: r.text('name'),
      owner_rep_id: repRef(r, known, 'owner_rep_id'),
      account_id: r.text('account_id'),
      lead_id: r.text('lead_id'),
      created_at: r.timestamp('created_at', true) ?? 0,
      closed_at: r.timestamp('closed_at'),
      status: status as FileRow<'deals'>['status'],
      amount: r.money('amount'),
      currency: r.currency('currency'),
      units: r.integer('units', 1),
      stage: r.text('stage'),
    };
    if (!r.ok) return undefined;
    if (row.status === 'open' && row.closed_at !== null)
      r.fail('closed_at', 'an open deal must not have closed_at');
    if (row.status !== 'open' && row.closed_at === null)
      r.fail('closed_at', `a ${row.status} deal needs closed_at`);
    if (row.status === 'won' && row.amount === null) r.fail('amount', 'a won deal needs an amount');
    if (row.closed_at !== null && row.closed_at < row.created_at) r.fail('closed_at', 'is before created_at');
    return r.ok ? row : undefined;
  },
  references: (row) => {
    const refs: Reference[] = [];
    if (row.account_id !== null) refs.push({ column: 'account_id', entity: 'accounts', id: row.account_id });
    if (row.lead_id !== null) refs.push({ column: 'lead_id', entity: 'leads', id: row.lead_id });
    return refs;
  },
});

export const emailsFile = fileSpec({
  table: 'emails',
  file: 'emails.csv',
  columns: TABLE_COLUMNS.emails,
  required: ['id', 'sent_at'],
  maxLength: {
    id: MAX_ID,
    sent_at: MAX_VALUE,
    rep_id: MAX_ID,
    campaign: MAX_NAME,
    bounced: MAX_VALUE,
    opened_at: MAX_VALUE,
  },
  freeText: [],
  text: ['id', 'rep_id', 'campaign'],
  numbers: ['sent_at', 'bounced', 'opened_at'],
  keyOf: (row) => row.id,
  read(r, known) {
    const row: FileRow<'emails'> = {
      id: r.requiredText('id') ?? '',
      rep_id: repRef(r, known, 'rep_id'),
      campaign: r.text('campaign'),
      sent_at: r.timestamp('sent_at', true) ?? 0,
      bounced: r.boolean('bounced', false) ? 1 : 0,
      opened_at: r.timestamp('opened_at'),
    };
    if (r.ok && row.opened_at !== null && row.opened_at < row.sent_at)
      r.fail('opened_at', 'is before sent_at');
    return r.ok ? row : undefined;
  },
});

export const spendFile = fileSpec({
  table: 'spend',
  file: 'spend.csv',
  columns: TABLE_COLUMNS.spend,
  required: ['date', 'category', 'amount'],
  maxLength: {
    date: MAX_VALUE,
    category: MAX_LABEL,
    amount: MAX_VALUE,
    currency: MAX_VALUE,
    note: MAX_FREE_TEXT,
  },
  freeText: ['note'],
  // Spend rows have no id: the n-th row of a (date, category, note) in the file is one row, so a
  // re-import changes nothing and a corrected amount updates in place (docs/import.md).
  text: ['date', 'category', 'note', 'currency'],
  numbers: ['seq', 'amount'],
  keyOf: (row) => `${row.date}\u0000${row.category}\u0000${row.note}\u0000${row.seq}`,
  read(r, _known, seen) {
    const date = r.date('date', true) ?? '';
    const category = r.requiredText('category') ?? '';
    const note = r.text('note') ?? '';
    const group = `${date}\u0000${category}\u0000${note}`;
    const seq = (seen.get(group) ?? 0) + 1;
    seen.set(group, seq);
    const row: FileRow<'spend'> = {
      date,
      category,
      note,
      seq,
      amount: r.money('amount', true) ?? 0,
      currency: r.currency('currency'),
    };
    return r.ok ? row : undefined;
  },
});

export const targetsFile = fileSpec({
  table: 'targets',
  file: 'targets.csv',
  columns: TABLE_COLUMNS.targets,
  required: ['scope', 'metric', 'period_start', 'period_end', 'value'],
  maxLength: {
    scope: MAX_SCOPE,
    metric: MAX_VALUE,
    period_start: MAX_VALUE,
    period_end: MAX_VALUE,
    value: MAX_VALUE,
  },
  freeText: [],
  text: ['scope', 'metric', 'period_start', 'period_end'],
  numbers: ['value'],
  keyOf: (row) => `${row.scope}\u0000${row.metric}\u0000${row.period_start}\u0000${row.period_end}`,
  read(r, known) {
    const text = r.requiredText('scope');
    const metric = r.requiredText('metric') ?? '';
    const parsed = text === null ? null : parseScope(text);
    if (parsed !== null && !parsed.ok) {
      r.fail('scope', `${quoteCell(text ?? '')} is not org, team:<team name> or rep:<rep id>`);
    } else if (parsed?.scope.kind === 'team' && !known.hasTeam(parsed.scope.name)) {
      r.fail('scope', `no rep has team ${quoteCell(parsed.scope.name)}`);
    } else if (parsed?.scope.kind === 'rep' && !known.hasRep(parsed.scope.id)) {
      r.fail('scope', `rep ${quoteCell(parsed.scope.id)} does not exist`);
    }
    if (metric !== '' && !isTargetMetric(metric))
      r.fail('metric', `${quoteCell(metric)} is not one of ${TARGET_METRICS.join(', ')}`);
    const row: FileRow<'targets'> = {
      scope: parsed?.ok ? formatScope(parsed.scope) : '',
      metric,
      period_start: r.date('period_start', true) ?? '',
      period_end: r.date('period_end', true) ?? '',
      value: r.nonNegativeNumber('value', true) ?? 0,
    };
    if (r.ok && row.period_end < row.period_start)
      r.fail('period_end', `is before period_start ${row.period_start}`);
    return r.ok ? row : undefined;
  },
});

/** In dependency order: a file may refer only to files before it. */
export const FILE_SPECS = [
  repsFile,
  accountsFile,
  leadsFile,
  dealsFile,
  emailsFile,
  spendFile,
  targetsFile,
] as const;
