import type { Kysely } from 'kysely';
import { DailyFactsDelta } from '../core/daily-facts.ts';
import { createLocalDayResolver } from '../core/time-zone.ts';
import {
  applyDailyFactsDelta,
  clearDailyFacts,
  type FactRow,
  factPages,
  type RollupTable,
  refreshCustomerBalances,
} from '../db/daily-facts-repo.ts';
import type { Store } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { createStatementRunner } from '../db/statement-runner.ts';

/** Recomputes the whole daily rollup from the stored facts (after a change of time zone). */
export async function rebuildRollup(
  trx: Kysely<Database>,
  store: Store,
  orgId: number,
  timezone: string,
): Promise<void> {
  await clearDailyFacts(trx, orgId);
  const runner = createStatementRunner(trx, store);
  const dayOf = createLocalDayResolver(timezone);
  const owners = new Set<string>();
  const addAll = async <T extends RollupTable>(
    table: T,
    add: (delta: DailyFactsDelta, row: FactRow<T>) => void,
  ): Promise<void> => {
    // One delta per page keeps memory bounded; cells simply add up across pages.
    for await (const page of factPages(trx, orgId, table)) {
      const delta = new DailyFactsDelta(dayOf);
      for (const row of page) add(delta, row);
      await applyDailyFactsDelta(trx, runner, orgId, delta.changed());
      for (const owner of delta.owners) owners.add(owner);
    }
  };
  await addAll('deals', (delta, deal) => delta.deal(deal, 1));
  await addAll('emails', (delta, email) => delta.email(email, 1));
  await addAll('leads', (delta, lead) => delta.lead(lead, 1));
  await addAll('accounts', (delta, account) => delta.customer(account, 1));
  await refreshCustomerBalances(trx, orgId, owners);
}
