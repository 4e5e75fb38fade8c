import type { LiveEvent } from '../../src/core/contracts/api.ts';

export interface HeardEvent {
  event: LiveEvent;
  /** performance.now() when its frame arrived. */
  at: number;
}

export interface LiveListener {
  heard: HeardEvent[];
  /** Waits for the first event from index `from` on that passes `test`; returns it. */
  until(test: (event: LiveEvent) => boolean, options?: { from?: number; ms?: number }): Promise<HeardEvent>;
  close(): Promise<void>;
}

/** A page's EventSource on `base`/api/v1/events with `headers`: every event it hears, in order, with its arrival time. */
export async function listenLive(base: string, headers: Record<string, string>): Promise<LiveListener> {
  const abort = new AbortController();
  const response = await fetch(`${base}/api/v1/events`, { headers, signal: abort.signal });
  if (response.status !== 200)
    throw new Error(`GET /api/v1/events: ${response.status} ${await response.text()}`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const heard: HeardEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const at = performance.now();
      buffer += decoder.decode(value, { stream: true });
      const frames = buffer.split('\n\n');
      buffer = frames.pop()!;
      for (const frame of frames) {
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (data) heard.push({ event: JSON.parse(data.slice(6)) as LiveEvent, at });
      }
      for (const wake of [...waiters]) wake();
    }
  })();
  return {
    heard,
    until(test, { from = 0, ms = 20_000 } = {}) {
      return new Promise<HeardEvent>((resolve, reject) => {
        const check = () => {
          const found = heard.slice(from).find((h) => test(h.event));
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no such event in ${ms} ms; heard ${JSON.stringify(heard.map((h) => h.event))}`));
        }, ms);
        if (!check()) waiters.add(wake);
      });
    },
    async close() {
      abort.abort();
      await pump;
    },
  };
}
