import { describe, expect, it } from 'vitest';
import { type MappingInput, mappingSchema } from '../../core/contracts/mapping.ts';
import { MappedRecords } from './mapped-records.ts';
import { OwnerDirectory } from './owner-reps.ts';

const HEADER = [
  'Record ID',
  'Deal Name',
  'Deal Stage',
  'Amount',
  'Create Date',
  'Close Date',
  'Deal owner',
  'Pipeline',
];
const DEALS: MappingInput = {
  udnMapping: 1,
  table: 'deals',
  dates: 'MM/DD/YYYY HH:mm',
  fields: {
    id: { column: 'record id' },
    name: { column: 'Deal Name' },
    status: {
      column: 'Deal Stage',
      values: { 'Closed Won': 'won', 'Closed Lost': 'lost', Appointment: 'open' },
    },
    stage: { column: 'Deal Stage' },
    amount: { column: 'Amount' },
    created_at: { column: 'Create Date' },
    closed_at: { column: 'Close Date', keep: 'closed' },
    owner_rep_id: { column: 'Deal owner', rep: 'name-or-email' },
    currency: { constant: 'USD' },
  },
  where: { column: 'Pipeline', in: ['Sales Pipeline'] },
};
const KNOWN = {
  repIds: ['r1', 'r2', 'r3'],
  refusedRepIds: [],
  teams: [],
  repNames: ['Ana Lima', 'Budi', 'Budi'],
  repEmails: ['ana@example.com', null, null],
};

function setUp(input: MappingInput = DEALS, known = KNOWN) {
  const errors: string[] = [];
  const mapping = mappingSchema.parse(input);
  const owners = new OwnerDirectory(known, mapping.createReps);
  const records = new MappedRecords(mapping, HEADER, owners, (line, column, message) =>
    errors.push(`${line}: ${column}: ${message}`),
  );
  const read = (line: number, cells: string[]) => {
    const out = records.translate({ line, cells, suspect: false });
    return out ? [...out.cells] : out;
  };
  return { errors, records, read, owners };
}

describe('MappedRecords', () => {
  it('turns a source record into the UDN cells of the table, in TABLE_FIELDS order', () => {
    const { read, errors } = setUp();
    expect(
      read(2, [
        '101',
        'Big deal',
        'Closed Won',
        '$1,234.50',
        '12/01/2026 09:30',
        '12/15/2026 17:00',
        'ana@example.com',
        'Sales Pipeline',
      ]),
    ).toEqual([
      '101',
      'Big deal',
      'r1',
      '',
      '',
      '2026-12-01T09:30:00',
      '2026-12-15T17:00:00',
      'won',
      '1234.50',
      'USD',
      '',
      'Closed Won',
    ]);
    // An open deal's expected close date is not a close date.
    expect(
      read(3, [
        '102',
        'Small',
        'appointment',
        '10',
        '12/02/2026 10:00',
        '01/31/2027 00:00',
        'Ana Lima',
        'sales pipeline',
      ]),
    ).toEqual([
      '102',
      'Small',
      'r1',
      '',
      '',
      '2026-12-02T10:00:00',
      '',
      'open',
      '10',
      'USD',
      '',
      'appointment',
    ]);
    expect(errors).toEqual([]);
  });

  it('skips rows the where filter leaves out, without an error', () => {
    const { read, records, errors } = setUp();
    expect(
      read(2, ['1', 'x', 'Closed Won', '1', '12/01/2026 09:30', '', 'Ana Lima', 'Renewals']),
    ).toBeUndefined();
    expect(records.skipped).toBe(1);
    expect(errors).toEqual([]);
  });

  it('reports each untranslatable cell at its source line and column', () => {
    const { read, errors } = setUp();
    expect(
      read(7, ['1', 'x', 'Negotiation', '1.234,56', '13/01/2026 09:30', '', 'Budi', 'Sales Pipeline']),
    ).toBeNull();
    expect(errors).toEqual([
      '7: Deal Stage: deal stage "Negotiation" is not mapped: map it to won, lost or open',
      `7: Amount: "1.234,56" uses a decimal comma: set the mapping's decimal to ","`,
      '7: Create Date: "13/01/2026 09:30" is not a real calendar date',
      '7: Deal owner: owner "Budi" matches more than one rep by name: map owners by email or id',
    ]);
  });

  it('names each mapped column missing from the header', () => {
    const { records } = setUp({ ...DEALS, fields: { ...DEALS.fields, units: { column: 'Quantity' } } });
    expect(records.problems).toEqual([
      { column: 'Quantity', message: 'column "Quantity" (mapped to units) is missing from the header' },
    ]);
    expect(records.columnOf.get('amount')).toBe('Amount');
    expect(records.columnOf.get('currency')).toBe('currency');
  });
});

describe('OwnerDirectory', () => {
  it('creates one rep per distinct unmatched owner when the store has none', () => {
    const none = { repIds: [], refusedRepIds: [], teams: [] };
    const owners = new OwnerDirectory(none, 'when-none');
    expect(owners.resolve('Jane Roe', 'name-or-email', 2)).toEqual({ ok: true, id: 'jane-roe' });
    expect(owners.resolve('jane roe', 'name-or-email', 3)).toEqual({ ok: true, id: 'jane-roe' });
    expect(owners.resolve('Jane  Roe!', 'name-or-email', 4)).toEqual({ ok: true, id: 'jane-roe-2' });
    expect(owners.resolve('Zoë@Example.com', 'name-or-email', 5)).toEqual({
      ok: true,
      id: 'zoë@example.com',
    });
    expect(owners.take()).toEqual([
      { id: 'jane-roe', name: 'Jane Roe', email: null, line: 2 },
      { id: 'jane-roe-2', name: 'Jane  Roe!', email: null, line: 4 },
      { id: 'zoë@example.com', name: 'Zoë@Example.com', email: 'zoë@example.com', line: 5 },
    ]);
    expect(owners.take()).toEqual([]);
  });

  it('refuses an unmatched owner when reps exist (when-none) or creation is off', () => {
    expect(new OwnerDirectory(KNOWN, 'when-none').resolve('Jane Roe', 'name-or-email', 2)).toEqual({
      ok: false,
      reason: 'owner "Jane Roe" matches no rep (by name or email)',
    });
    const none = { repIds: [], refusedRepIds: [], teams: [] };
    expect(new OwnerDirectory(none, 'never').resolve('jane@x.io', 'email', 2)).toEqual({
      ok: false,
      reason: 'owner "jane@x.io" matches no rep (by email)',
    });
    const always = new OwnerDirectory(KNOWN, 'always');
    expect(always.resolve('Ana Lima', 'name', 2)).toEqual({ ok: true, id: 'r1' });
    expect(always.resolve('Jane Roe', 'name', 3)).toEqual({ ok: true, id: 'jane-roe' });
  });
});
