import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAs, speakAs, withVoice } from '../../test/support/raw-http.ts';
import { SMALL } from '../../test/support/test-app.ts';
import { addTestPerson, firstOrg } from '../../test/support/test-people.ts';
import { createTestStore, type TestStore } from '../../test/support/test-stores.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';
import { type RunningServer, startServer } from './main.ts';

// What a load balancer and an open page see while a server drains (SIGTERM runs `drain`; the
// import it lets finish is proved with a real process in import-crash-safety.test.ts).
describe('a draining server', () => {
  let store: TestStore;
  let server: RunningServer;
  beforeAll(async () => {
    store = await createTestStore('sqlite');
    await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    const { headers } = await addTestPerson(store, await firstOrg(store), 'owner');
    server = await startServer({ store, port: 0, host: '127.0.0.1', webDist: null, drainDelayMs: 600 });
    speakAs(Number(new URL(server.url).port), headers);
  }, 60_000);
  afterAll(async () => {
    await server.drain();
    await store.dispose();
  });

  it('answers /readyz 503 while still serving, tells pages to reconnect, then refuses connections', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const stream = await fetch(`${server.url}/api/v1/events`, {
      headers: withVoice(Number(new URL(server.url).port)),
    });
    expect(stream.status).toBe(200);
    // Everything the page's EventSource receives until the server ends the stream.
    const received = stream.text();

    const drained = server.drain();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, draining: true, store: { ready: true } });
    // The delay is for the load balancer to notice; requests meanwhile are still answered.
    expect((await fetchAs(`${server.url}/api/v1/org`)).status).toBe(200);

    const text = await received;
    // The last word of the stream: a reconnection delay (the stream opened with its own) and the notice.
    const retry = /retry: (\d+)\ndata: \{"type":"reconnect"\}\n\n$/.exec(text)?.[1];
    expect(Number(retry)).toBeGreaterThanOrEqual(1000);
    expect(Number(retry)).toBeLessThan(2000);

    await drained;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  }, 30_000);
});
