import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Role, TokenScope } from '../../src/core/access/roles.ts';
import type { Store } from '../../src/db/database.ts';
import { putMember } from '../../src/db/members-repo.ts';
import { createOrg, findDefaultOrg, type OrgRecord } from '../../src/db/org-repo.ts';
import { insertUser, type UserRecord } from '../../src/db/users-repo.ts';
import { createApiToken, principalOfToken } from '../../src/services/access/api-tokens.ts';
import { createShareLink } from '../../src/services/access/share-links.ts';

/** The password every test person gets (long enough for better-auth's rules). */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestPerson {
  user: UserRecord;
  org: OrgRecord;
  role: Role;
  /** A personal access token of the person in the organisation. */
  token: string;
  /** `{ authorization: 'Bearer …' }` */
  headers: { authorization: string };
}

/** The install's first organisation, made when there is none yet (an empty store). */
export async function firstOrg(store: Store): Promise<OrgRecord> {
  return (await findDefaultOrg(store.db)) ?? createOrg(store.db);
}

let serial = 0;

/** A real person (better-auth's tables), member of `org` in `role`, with a token of `scope`. */
export async function addTestPerson(
  store: Store,
  org: OrgRecord,
  role: Role,
  options: {
    email?: string;
    repId?: string | null;
    teams?: string[];
    scope?: TokenScope;
    password?: string;
  } = {},
): Promise<TestPerson> {
  serial++;
  const user = await insertUser(store.db, store.dialect, {
    email: options.email ?? `${role}-${serial}@${org.slug}.test`,
    name: `${role[0]!.toUpperCase()}${role.slice(1)} ${serial}`,
    password: options.password ?? TEST_PASSWORD,
  });
  await putMember(store.db, {
    orgId: org.id,
    userId: user.id,
    role,
    repId: options.repId ?? null,
    teams: options.teams ?? [],
  });
  const { token } = await createApiToken(store, {
    orgId: org.id,
    userId: user.id,
    name: 'test',
    scope: options.scope ?? (role === 'owner' || role === 'admin' ? 'admin' : 'write'),
    expiresAt: null,
  });
  return { user, org, role, token, headers: { authorization: `Bearer ${token}` } };
}

/**
 * Makes `app.inject` send `headers` unless a request gives its own authorization or cookie: the API
 * tests written before people existed speak as the organisation's owner, as they always meant.
 */
export function injectAs(app: FastifyInstance, headers: { authorization: string }): void {
  const inject = app.inject.bind(app) as (
    options: InjectOptions | string,
  ) => ReturnType<FastifyInstance['inject']>;
  const patched = (options?: InjectOptions | string) => {
    if (options === undefined) return app.inject();
    const given: InjectOptions = typeof options === 'string' ? { url: options } : options;
    const own = given.headers ?? {};
    if ('authorization' in own || 'cookie' in own) return inject(given);
    return inject({ ...given, headers: { ...headers, ...own } });
  };
  Object.defineProperty(app, 'inject', { value: patched, configurable: true, writable: true });
}

/** A real share link of `person`'s organisation naming `dashboardIds`: its secret and id. */
export async function addTestShareLink(
  store: Store,
  person: TestPerson,
  dashboardIds: number[],
  name = 'Office TV',
): Promise<{ secret: string; id: number }> {
  const principal = await principalOfToken(store, person.token);
  if (!principal) throw new Error('the test person has no valid token');
  const { secret, link } = await createShareLink(store, principal, {
    name,
    dashboardIds,
    rotateSeconds: 30,
    expiresAt: null,
  });
  return { secret, id: link.id };
}
