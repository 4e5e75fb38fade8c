import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestPerson, firstOrg, type TestPerson } from '../../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { cliPrincipal } from '../../core/access/principal.ts';
import { insertDashboard } from '../../db/dashboards-repo.ts';
import { createShareLink, principalOfShareLink, ShareLinkUse, shareAllowsDashboard } from './share-links.ts';

describe.each(DIALECTS)('share link principals on %s', (dialect) => {
  let store: TestStore;
  let owner: TestPerson;
  let dashboardId: number;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    const org = await firstOrg(store);
    owner = await addTestPerson(store, org, 'owner');
    dashboardId = (await insertDashboard(store.db, org.id, { name: 'TV', widgets: [] })).id;
  });
  afterAll(() => store.dispose());

  const principalOfOwner = async () => {
    const principal = cliPrincipal(owner.org.id);
    return { ...principal, via: 'token' as const, userId: owner.user.id };
  };
  const lastUsed = async (id: number) =>
    (
      await store.db
        .selectFrom('share_links')
        .select('last_used_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).last_used_at;

  it('acts as a viewer of its organisation who sees only its dashboards', async () => {
    const { secret, link } = await createShareLink(store, await principalOfOwner(), {
      name: 'Floor',
      dashboardIds: [dashboardId],
      rotateSeconds: 30,
      expiresAt: null,
    });
    const principal = await principalOfShareLink(store, secret);
    expect(principal).toMatchObject({
      via: 'share',
      role: 'viewer',
      userId: null,
      orgId: owner.org.id,
      share: { id: link.id, dashboardIds: [dashboardId] },
    });
    expect(shareAllowsDashboard(principal!, dashboardId)).toBe(true);
    expect(shareAllowsDashboard(principal!, dashboardId + 1)).toBe(false);
    expect(shareAllowsDashboard(await principalOfOwner(), dashboardId + 1)).toBe(true);
    expect(await principalOfShareLink(store, secret, undefined, Number.MAX_SAFE_INTEGER)).not.toBeNull();
  });

  it('writes the last use in the background, once per flush, the latest time', async () => {
    const { secret, link } = await createShareLink(store, await principalOfOwner(), {
      name: 'Used',
      dashboardIds: [dashboardId],
      rotateSeconds: 30,
      expiresAt: null,
    });
    const use = new ShareLinkUse(store, 3_600_000);
    try {
      await principalOfShareLink(store, secret, use, 1_000);
      await principalOfShareLink(store, secret, use, 2_000);
      expect(await lastUsed(link.id)).toBeNull();
      await use.flush();
      expect(Number(await lastUsed(link.id))).toBe(2_000);
      await principalOfShareLink(store, secret, use, 5_000);
    } finally {
      await use.close();
    }
    expect(Number(await lastUsed(link.id))).toBe(5_000);
  });

  it('stops at its expiry', async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const { secret } = await createShareLink(store, await principalOfOwner(), {
      name: 'Expiring',
      dashboardIds: [dashboardId],
      rotateSeconds: 30,
      expiresAt,
    });
    expect(await principalOfShareLink(store, secret, undefined, Date.parse(expiresAt) - 1)).not.toBeNull();
    expect(await principalOfShareLink(store, secret, undefined, Date.parse(expiresAt))).toBeNull();
  });
});
