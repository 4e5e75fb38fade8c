import { describe, expect, it } from 'vitest';
import { IssueCollector, MAX_LISTED_ERRORS } from './import-errors.ts';
import { RowBatch, RowPacker } from './row-batch.ts';

const LAYOUT = { text: ['id', 'name'], numbers: ['at', 'amount'] };

describe('packed rows', () => {
  it('unpack to the same cells: null, empty and non-ASCII text, null and zero numbers', () => {
    const packer = new RowPacker(LAYOUT, 3);
    packer.add({ id: 'D1', name: 'Sate "Pak" Budi, Tbk — 日本', at: 1_767_225_600_000, amount: 0 }, 2);
    packer.add({ id: 'D2', name: null, at: 1, amount: null }, 5);
    packer.add({ id: 'D3', name: '', at: -5, amount: 9_007_199_254_740_991 }, 7);
    expect(() => packer.add({ id: 'D4' }, 8)).toThrow(/at most 3 rows/);
    const packed = packer.take();
    expect(packer.count).toBe(0);
    const batch = RowBatch.unpack(LAYOUT, packed, { org_id: 4, import_id: 9 });
    expect(batch.columns).toEqual(['id', 'name', 'at', 'amount', 'org_id', 'import_id', 'source_line']);
    expect([0, 1, 2].map((i) => batch.row(i))).toEqual([
      {
        id: 'D1',
        name: 'Sate "Pak" Budi, Tbk — 日本',
        at: 1_767_225_600_000,
        amount: 0,
        org_id: 4,
        import_id: 9,
        source_line: 2,
      },
      { id: 'D2', name: null, at: 1, amount: null, org_id: 4, import_id: 9, source_line: 5 },
      { id: 'D3', name: '', at: -5, amount: 9_007_199_254_740_991, org_id: 4, import_id: 9, source_line: 7 },
    ]);
    const kept = batch.select([2, 0]);
    expect([kept.value(0, 'id'), kept.value(1, 'id'), [...kept.lines]]).toEqual(['D3', 'D1', [7, 2]]);
    const seen: string[] = [];
    kept.forEach((row) => {
      seen.push(`${row.id}:${row.source_line}`);
    });
    expect(seen).toEqual(['D3:7', 'D1:2']);
  });

  it('tell COPY whether any text cell needs escaping', () => {
    const batchOf = (names: (string | null)[]) => {
      const packer = new RowPacker(LAYOUT, names.length);
      for (const [i, name] of names.entries()) packer.add({ id: `D${i}`, name, at: 1, amount: 2 }, i + 2);
      return RowBatch.unpack(LAYOUT, packer.take(), { org_id: 1, import_id: 1 });
    };
    expect(batchOf(['plain', null, 'Sate — 日本 "x", y']).plainText).toBe(true);
    for (const special of ['a\\b', 'a\tb', 'a\nb', 'a\rb']) {
      expect(batchOf(['plain', special]).plainText).toBe(false);
      expect(batchOf(['plain', special]).select([1]).plainText).toBe(false);
    }
  });

  it('survive structured cloning with their buffers transferred', () => {
    const packer = new RowPacker(LAYOUT, 2);
    packer.add({ id: 'A', name: 'x', at: 10, amount: 20 }, 3);
    const packed = packer.take();
    const copy = structuredClone(packed, { transfer: [packed.lines.buffer, packed.numbers.buffer] });
    expect(packed.lines.length).toBe(0);
    expect(RowBatch.unpack(LAYOUT, copy, { org_id: 1, import_id: 1 }).row(0)).toMatchObject({
      id: 'A',
      at: 10,
      source_line: 3,
    });
  });
});

describe('issue handover between collectors', () => {
  it('keeps the count exact and lists no more than the first 100 over all handovers', () => {
    const parsing = new IssueCollector();
    const importing = new IssueCollector();
    importing.error('deals.csv', 2, 'lead_id', 'lead "L9" does not exist');
    for (let line = 2; line < 152; line++) parsing.error('emails.csv', line, 'sent_at', 'is required');
    parsing.warn('emails.csv', 1, 'x', 'unknown column, ignored');
    importing.receive(parsing.handOver());
    for (let line = 152; line < 202; line++) parsing.error('emails.csv', line, 'sent_at', 'is required');
    importing.receive(parsing.handOver());
    importing.receive(parsing.handOver());
    expect(importing.errorCount).toBe(201);
    expect(importing.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(importing.errors[1]).toEqual({
      file: 'emails.csv',
      line: 2,
      column: 'sent_at',
      message: 'is required',
    });
    expect(importing.warnings).toHaveLength(1);
  });
});
