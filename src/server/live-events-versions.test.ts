import { describe, expect, it } from 'vitest';
import { LiveEvents } from './live-events.ts';

/**
 * Which versions count as a change for the listeners after a data change (alerts, webhooks): a
 * write's version always does, even the first this server sees of an organisation; the poller's
 * first reading of an organisation is only where it starts.
 */
describe('live events: new data versions', () => {
  const heard = () => {
    const versions: Array<[number, number]> = [];
    const live = new LiveEvents({
      readVersions: async () => new Map(),
      onNewVersion: (orgId, version) => versions.push([orgId, version]),
      pollMs: 60_000,
      keepAliveMs: 60_000,
      onError: () => undefined,
    });
    return { live, versions };
  };

  it("counts a write's version as a change even when it is the first seen, once", () => {
    const { live, versions } = heard();
    live.dataChanged(1, 5);
    live.dataChanged(1, 5);
    live.dataChanged(1, 4);
    live.dataChanged(1, 6);
    expect(versions).toEqual([
      [1, 5],
      [1, 6],
    ]);
  });

  it("takes the poller's first reading of an organisation as the start, and later ones as changes", () => {
    const { live, versions } = heard();
    live.dataChanged(2, 3, true);
    expect(versions).toEqual([]);
    live.dataChanged(2, 3, true);
    live.dataChanged(2, 4, true);
    expect(versions).toEqual([[2, 4]]);
  });
});
