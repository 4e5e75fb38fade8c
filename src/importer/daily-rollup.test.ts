import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedReports } from '../../test/support/conformance.ts';
import { csv, importDirectory, importTexts, type Parsing } from '../../test/support/import-fixtures.ts';
import { expectRollupMatchesRebuild, rollup } from '../../test/support/rollup-check.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import type { DialectName } from '../db/database.ts';

const CASES: [DialectName, Parsing][] = [
  ...DIALECTS.map((d): [DialectName, Parsing] => [d, 'in-thread']),
  ['sqlite', 'parse-thread'],
];

describe.each(CASES)('daily rollup on %s, parsing %s', (dialect, parsing) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(dialect);
    const { dataDir } = expectedReports('small');
    const result = await importDirectory(store, dataDir, parsing);
    expect(result.errors).toEqual([]);
  });
  afterEach(() => store.dispose());

  it('after a first load equals a rebuild', async () => {
    await expectRollupMatchesRebuild(store);
  });

  it('follows corrected deals, leads and emails: moved days, changed owners, relinked leads', async () => {
    const deal = await store.db
      .selectFrom('deals')
      .selectAll()
      .where('status', '=', 'won')
      .where('lead_id', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const otherLead = await store.db
      .selectFrom('leads')
      .select('id')
      .where('id', '!=', deal.lead_id!)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const lead = await store.db.selectFrom('leads').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const email = await store.db.selectFrom('emails').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const result = await importTexts(store, {
      'deals.csv': csv(
        [
          'id',
          'owner_rep_id',
          'account_id',
          'lead_id',
          'created_at',
          'closed_at',
          'status',
          'amount',
          'units',
        ],
        // Same deal: another owner, another lead, lost instead of won.
        [
          deal.id,
          'R12',
          deal.account_id ?? '',
          otherLead.id,
          '2025-03-01T10:00:00Z',
          '2025-03-02T10:00:00Z',
          'lost',
          '',
          '',
        ],
        ['DNEW', 'R03', '', lead.id, '2025-06-01T10:00:00Z', '2025-06-20T10:00:00Z', 'won', '123.45', '3'],
      ),
      'leads.csv': csv(['id', 'created_at', 'owner_rep_id'], [lead.id, '2025-05-05T05:05:05Z', 'R07']),
      'emails.csv': csv(
        ['id', 'sent_at', 'rep_id', 'bounced', 'opened_at'],
        [email.id, '2026-01-01T00:00:00Z', 'R01', 'true', ''],
      ),
    });
    expect(result.errors).toEqual([]);
    await expectRollupMatchesRebuild(store);
  });

  it('is rebuilt for a new time zone', async () => {
    const before = await rollup(store);
    const result = await importTexts(store, { 'org.json': '{"timezone": "America/Los_Angeles"}' });
    expect(result.warnings.map((w) => w.column)).toEqual(['timezone']);
    const after = await rollup(store);
    expect(after).not.toEqual(before);
    await expectRollupMatchesRebuild(store);
  });
});
