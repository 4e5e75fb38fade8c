import { describe, expect, it } from 'vitest';
import {
  GROUP_EXAMPLES,
  IssueCollector,
  MAX_GROUPS,
  MAX_LISTED_ERRORS,
  OTHER_CAUSES,
  reasonPattern,
} from './import-errors.ts';

const FILES = ['org.json', 'reps.csv', 'deals.csv', 'emails.csv'];
const USD = '"USD" differs from the organisation\'s currency IDR';

describe('errors grouped by cause', () => {
  it('258 rows of one cause are one group of 258, while the raw list stops at 100', () => {
    const issues = new IssueCollector();
    for (let line = 2; line < 260; line++) issues.error('deals.csv', line, 'currency', USD);
    issues.error('deals.csv', 300, 'closed_at', 'is before created_at');
    expect(issues.errorCount).toBe(259);
    expect(issues.sortedErrors(FILES)).toHaveLength(MAX_LISTED_ERRORS);
    const groups = issues.sortedGroups(FILES);
    expect(groups.map((g) => [g.file, g.column, g.reason, g.count])).toEqual([
      ['deals.csv', 'currency', USD, 258],
      ['deals.csv', 'closed_at', 'is before created_at', 1],
    ]);
    expect(groups[0]!.examples).toHaveLength(GROUP_EXAMPLES);
    expect(groups[0]!.examples[0]).toEqual({ line: 2, message: USD });
    expect(groups[0]!.examples.at(-1)!.line).toBe(2 + GROUP_EXAMPLES - 1);
    expect(groups[1]!.examples).toEqual([{ line: 300, message: 'is before created_at' }]);
  });

  it('sets aside the values that differ per row: one group, its reason written with "…"', () => {
    const issues = new IssueCollector();
    issues.error('deals.csv', 4, 'currency', '"EUR" differs from the organisation\'s currency IDR');
    issues.error('deals.csv', 2, 'currency', USD);
    issues.error(
      'deals.csv',
      3,
      'owner_rep_id',
      'rep "R9" does not exist (not stored and not in this import)',
    );
    issues.error(
      'deals.csv',
      5,
      'owner_rep_id',
      'rep "R7" does not exist (not stored and not in this import)',
    );
    issues.error('deals.csv', 9, 'id', 'duplicate id "D1": first given on line 2');
    issues.error('deals.csv', 12, 'id', 'duplicate id "D4": first given on line 11');
    issues.error('deals.csv', 7, null, 'has 7 fields; the header has 12');
    issues.error('deals.csv', 8, null, 'has 13 fields; the header has 12');
    const groups = issues.sortedGroups(FILES);
    expect(groups.map((g) => [g.column, g.reason, g.count, g.examples.map((e) => e.line)])).toEqual([
      ['currency', '"…" differs from the organisation\'s currency IDR', 2, [2, 4]],
      ['owner_rep_id', 'rep "…" does not exist (not stored and not in this import)', 2, [3, 5]],
      [null, 'has … fields; the header has …', 2, [7, 8]],
      ['id', 'duplicate id "…": first given on line …', 2, [9, 12]],
    ]);
    // Each example keeps its own message.
    expect(groups[0]!.examples.map((e) => e.message)).toEqual([
      USD,
      '"EUR" differs from the organisation\'s currency IDR',
    ]);
  });

  it('keeps causes of different files and columns apart, in file order, the largest first', () => {
    const issues = new IssueCollector();
    issues.error('emails.csv', 2, 'sent_at', 'is required');
    issues.error('deals.csv', 2, 'created_at', 'is required');
    issues.error('deals.csv', 3, 'status', 'is required');
    issues.error('deals.csv', 4, 'status', 'is required');
    issues.error('reps.csv', 0, null, 'is empty: a header row is required');
    expect(issues.sortedGroups(FILES).map((g) => [g.file, g.column, g.count])).toEqual([
      ['reps.csv', null, 1],
      ['deals.csv', 'status', 2],
      ['deals.csv', 'created_at', 1],
      ['emails.csv', 'sent_at', 1],
    ]);
  });

  it('examples are the smallest lines even when errors arrive out of order', () => {
    const issues = new IssueCollector();
    for (let line = 500; line >= 2; line--)
      issues.error('deals.csv', line, 'account_id', 'account "A" does not exist');
    const [group] = issues.sortedGroups(FILES);
    expect(group!.count).toBe(499);
    expect(group!.examples.map((e) => e.line)).toEqual(
      Array.from({ length: GROUP_EXAMPLES }, (_, i) => i + 2),
    );
  });

  it('counts stay exact across handovers from a parsing thread', () => {
    const parsing = new IssueCollector();
    const importing = new IssueCollector();
    importing.error('deals.csv', 900, 'currency', USD);
    for (let line = 2; line < 152; line++) parsing.error('deals.csv', line, 'currency', USD);
    importing.receive(parsing.handOver());
    for (let line = 152; line < 260; line++) parsing.error('deals.csv', line, 'currency', USD);
    parsing.error('deals.csv', 261, 'currency', '"SGD" differs from the organisation\'s currency IDR');
    importing.receive(parsing.handOver());
    importing.receive(parsing.handOver());
    expect(importing.errorCount).toBe(260);
    expect(importing.errors).toHaveLength(MAX_LISTED_ERRORS);
    const groups = importing.sortedGroups(FILES);
    expect(groups).toHaveLength(1);
    // One SGD among them: the group's reason is the pattern, its count every one of them.
    expect(groups[0]).toMatchObject({
      reason: '"…" differs from the organisation\'s currency IDR',
      count: 260,
    });
    expect(groups[0]!.examples[0]!.line).toBe(2);
    expect(groups[0]!.examples).toHaveLength(GROUP_EXAMPLES);
  });

  it('the same message from both sides of a handover stays the message, not the pattern', () => {
    const parsing = new IssueCollector();
    const importing = new IssueCollector();
    parsing.error('deals.csv', 2, 'currency', USD);
    importing.error('deals.csv', 3, 'currency', USD);
    importing.receive(parsing.handOver());
    expect(importing.sortedGroups(FILES)).toEqual([
      {
        file: 'deals.csv',
        column: 'currency',
        reason: USD,
        count: 2,
        examples: [
          { line: 2, message: USD },
          { line: 3, message: USD },
        ],
      },
    ]);
  });

  it('past MAX_GROUPS causes, further ones of a file are counted together, still exactly', () => {
    const issues = new IssueCollector();
    for (let i = 0; i < MAX_GROUPS + 5; i++) issues.error('deals.csv', i + 2, `column_${i}`, 'is required');
    issues.error('deals.csv', 3, 'column_0', 'is required');
    const groups = issues.sortedGroups(FILES);
    expect(groups).toHaveLength(MAX_GROUPS + 1);
    expect(groups.reduce((total, g) => total + g.count, 0)).toBe(MAX_GROUPS + 6);
    expect(groups.find((g) => g.reason === OTHER_CAUSES)).toMatchObject({ column: null, count: 5 });
    expect(groups.find((g) => g.column === 'column_0')!.count).toBe(2);
  });

  it('reasonPattern sets aside quoted values, numbers, dates and instants', () => {
    expect(reasonPattern('"2026/01/05" is not a date (expected YYYY-MM-DD)')).toBe(
      '"…" is not a date (expected YYYY-MM-DD)',
    );
    expect(reasonPattern('is before started_on 2026-01-01')).toBe('is before started_on …');
    expect(
      reasonPattern('account "A1" churned_at must be after its acquisition (2026-01-05T03:00:00.000Z)'),
    ).toBe('account "…" churned_at must be after its acquisition (…)');
    expect(reasonPattern('"1.005" has 3 decimals; USD allows at most 2')).toBe(
      '"…" has … decimals; USD allows at most …',
    );
  });
});
