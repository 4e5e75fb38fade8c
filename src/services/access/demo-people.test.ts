import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { listMembers } from '../../db/members-repo.ts';
import { listReps } from '../../db/reference-repo.ts';
import { hasPassword } from '../../db/users-repo.ts';
import { loadDemo } from '../demo-data.ts';
import { addDemoPeople } from './demo-people.ts';

describe.each(DIALECTS)('demo people on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(dialect);
  });
  afterAll(() => store.dispose());

  it('gives the demo a manager of its busiest team, two of its reps and a viewer, without passwords', async () => {
    const result = await loadDemo(store, { seed: 42, today: '2026-06-30' });
    expect(result.ok).toBe(true);
    const orgId = result.orgId!;
    const people = await addDemoPeople(store, orgId);
    const reps = await listReps(store.db, orgId);
    const jakarta = reps.filter((rep) => rep.team === 'Jakarta' && rep.endedOn === null);
    expect(jakarta.length).toBeGreaterThanOrEqual(3);
    expect(people.map((p) => [p.role, p.email])).toEqual([
      ['manager', 'manager@demo.udn.invalid'],
      ['rep', 'budi.santoso@demo.udn.invalid'],
      ['rep', 'siti.rahmawati@demo.udn.invalid'],
      ['viewer', 'viewer@demo.udn.invalid'],
    ]);
    const members = await listMembers(store.db, orgId);
    expect(members.map((m) => [m.email, m.role, m.repId, m.teams]).sort()).toEqual(
      [
        ['budi.santoso@demo.udn.invalid', 'rep', 'R01', []],
        ['manager@demo.udn.invalid', 'manager', null, ['Jakarta']],
        ['siti.rahmawati@demo.udn.invalid', 'rep', 'R02', []],
        ['viewer@demo.udn.invalid', 'viewer', null, []],
      ].sort(),
    );
    expect(reps.find((r) => r.id === 'R01')).toMatchObject({ name: 'Budi Santoso', team: 'Jakarta' });
    for (const member of members) expect(await hasPassword(store.db, member.userId)).toBe(false);
    // Again: nothing new.
    await addDemoPeople(store, orgId);
    expect(await listMembers(store.db, orgId)).toEqual(members);
  });
});
