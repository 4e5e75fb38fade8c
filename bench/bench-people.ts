import type { Store } from '../src/db/database.ts';
import { findMember, putMember } from '../src/db/members-repo.ts';
import { createOrg, findDefaultOrg } from '../src/db/org-repo.ts';
import { findUserByEmail, insertUser } from '../src/db/users-repo.ts';
import { createApiToken } from '../src/services/access/api-tokens.ts';

const BENCH_EMAIL = 'bench@udn.invalid';

/**
 * The benchmark speaks to the API as a real person: the owner of the store's first organisation,
 * with a fresh admin token (a dashboard's calls now always carry a credential, so its cost is part
 * of what is measured).
 */
export async function benchOwnerHeaders(store: Store): Promise<{ authorization: string }> {
  const org = (await findDefaultOrg(store.db)) ?? (await createOrg(store.db));
  const user =
    (await findUserByEmail(store.db, BENCH_EMAIL)) ??
    (await insertUser(store.db, store.dialect, { email: BENCH_EMAIL, name: 'Benchmark' }));
  if (!(await findMember(store.db, org.id, user.id))) {
    await putMember(store.db, { orgId: org.id, userId: user.id, role: 'owner', repId: null, teams: [] });
  }
  const { token } = await createApiToken(store, {
    orgId: org.id,
    userId: user.id,
    name: 'benchmark',
    scope: 'admin',
    expiresAt: Date.now() + 24 * 3600_000,
  });
  return { authorization: `Bearer ${token}` };
}
