import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL } from '../../../test/support/test-app.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import type { OutboundEvent } from '../../core/contracts/webhooks.ts';
import { findDefaultOrg } from '../../db/org-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';
import { EventWatch } from './event-watch.ts';
import { createWebhook } from './webhooks-service.ts';

const HEADER =
  'id,name,owner_rep_id,account_id,lead_id,created_at,closed_at,status,amount,currency,units,stage\n';

describe.each(DIALECTS)('deal.won events on %s', (dialect) => {
  let store: TestStore;
  let dir = '';
  beforeAll(async () => {
    store = await createTestStore(dialect);
    const result = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(result.errors).toEqual([]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-watch-'));
  });
  afterAll(async () => {
    await store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const importDeals = async (rows: string) => {
    fs.writeFileSync(path.join(dir, 'deals.csv'), HEADER + rows);
    const result = await runImport(store, filesInDirectory(dir).files, { source: 'test' });
    expect(result.errors).toEqual([]);
  };

  it('announces nothing of the past, each new win once, and wins beyond the cap in one summary', async () => {
    const org = (await findDefaultOrg(store.db))!;
    const events: OutboundEvent[] = [];
    const watch = new EventWatch({
      store,
      emit: async (event) => {
        events.push(event);
      },
      onError: (error) => {
        throw error;
      },
      maxEventsPerChange: 2,
    });
    await createWebhook(
      store,
      org.id,
      { name: 'w', url: 'http://127.0.0.1:9/', events: ['deal.won'], allowPrivate: true, enabled: true },
      null,
      Date.now(),
    );
    // The 174 deals won in the example are the past.
    await watch.prime(org.id);
    expect(events).toEqual([]);
    await importDeals(
      [1, 2, 3, 4, 5]
        .map((n) => `DW${n},Win ${n},R01,A0011,,2026-03-01,2026-03-2${n},won,${n}00.25,,1,Closed Won`)
        .join('\n'),
    );
    watch.dataChanged(org.id);
    await watch.idle();
    const single = events.filter((e) => 'deal' in e.data).map((e) => (e.data.deal as { id: string }).id);
    expect(single).toEqual(['DW1', 'DW2']);
    expect(events.filter((e) => 'summary' in e.data).map((e) => e.data.summary)).toEqual([
      {
        deals: 3,
        amount: 300.25 + 400.25 + 500.25,
        currency: org.currency,
        note: '3 more deals were won in this change than are sent one by one (2)',
      },
    ]);
    // Nothing new: nothing sent; a deal lost and won again is not won a second time.
    events.length = 0;
    watch.dataChanged(org.id);
    await watch.idle();
    await importDeals('DW1,Win 1,R01,A0011,,2026-03-01,2026-03-21,lost,,,1,Closed Lost');
    watch.dataChanged(org.id);
    await watch.idle();
    await importDeals('DW1,Win 1,R01,A0011,,2026-03-01,2026-03-22,won,100.25,,1,Closed Won');
    watch.dataChanged(org.id);
    await watch.idle();
    expect(events).toEqual([]);
    await watch.stop();
  });
});
