import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { DialectName } from '../../src/db/database.ts';
import { findDefaultOrg, type OrgRecord } from '../../src/db/org-repo.ts';
import { filesInDirectory } from '../../src/importer/import-source.ts';
import { runImport } from '../../src/importer/run-import.ts';
import { type BuildAppOptions, buildApp } from '../../src/server/app.ts';
import type { ServerContext } from '../../src/server/server-context.ts';
import { expectedReports } from './conformance.ts';
import { speakAs } from './raw-http.ts';
import { addTestPerson, firstOrg, injectAs, type TestPerson } from './test-people.ts';
import { createTestStore, type TestStore } from './test-stores.ts';

/** The shared conformance example every API test runs on. */
export const SMALL = expectedReports('small');

export interface TestApp {
  store: TestStore;
  app: FastifyInstance & { udn: ServerContext };
  org(): Promise<OrgRecord>;
  /** The organisation's owner, whom every request speaks as unless it gives its own credentials. */
  owner: TestPerson;
  /** GET and parse JSON, failing the test on anything but `status`. */
  getJson<T = unknown>(url: string, status?: number): Promise<T>;
  dispose(): Promise<void>;
}

/** A real store of `dialect`, with examples/small imported unless `empty`, and the app on it (no port). */
export async function createTestApp(
  dialect: DialectName,
  options: { empty?: boolean } & Partial<Omit<BuildAppOptions, 'store'>> = {},
): Promise<TestApp> {
  const { empty, ...appOptions } = options;
  const store = await createTestStore(dialect);
  if (!empty) {
    const result = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(result.errors).toEqual([]);
  }
  const app = await buildApp({ store, webDist: null, ...appOptions });
  let owner: TestPerson | undefined;
  // A test that listens speaks to its port as the owner too (raw-http.ts speakAs).
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (owner && typeof address === 'object' && address) speakAs(address.port, owner.headers);
  });
  await app.ready();
  owner = await addTestPerson(store, await firstOrg(store), 'owner');
  injectAs(app, owner.headers);
  return {
    store,
    app,
    owner,
    org: async () => (await findDefaultOrg(store.db))!,
    async getJson<T>(url: string, status = 200): Promise<T> {
      const response = await app.inject({ url });
      expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(status);
      return response.json<T>();
    },
    async dispose() {
      await app.close();
      await store.dispose();
    },
  };
}
