import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { LiveEvent } from '../../src/core/contracts/api.ts';
import { type RawAnswer, readAnswer, withVoice } from './raw-http.ts';

/** A multipart body as a browser's FormData makes it, from files on disk (and form fields first). */
export async function multipartOf(
  files: Record<string, string | Buffer>,
  fields: Record<string, string> = {},
): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, content] of Object.entries(files))
    form.append('files', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    body: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}

/** Every file of an import directory, read into memory (the test data sets are tens of MB). */
export function directoryFiles(dir: string, except: string[] = []): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const name of fs.readdirSync(dir))
    if (!except.includes(name)) out[name] = fs.readFileSync(path.join(dir, name));
  return out;
}

export interface Answer extends RawAnswer {
  /** ms from the request's start to its answer's last byte. */
  ms: number;
}

/**
 * POSTs `body` with node:http and resolves as soon as the answer has arrived, even while the body
 * is still being sent (a server that refuses before reading it answers at once; fetch would wait
 * for its own upload to end or fail).
 */
export function postRaw(
  url: string,
  body: Buffer,
  contentType: string,
  options: {
    bytesPerSecond?: number;
    onSocket?: (request: http.ClientRequest) => void;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'content-length': body.length,
        ...withVoice(Number(new URL(url).port), options.headers),
      },
    });
    options.onSocket?.(request);
    request.on('response', (response) => {
      readAnswer(response).then((answer) => resolve({ ...answer, ms: performance.now() - started }), reject);
    });
    // The server may close the connection once it has answered: not this request's failure.
    request.on('error', (error) => reject(error));
    if (options.bytesPerSecond === undefined) {
      request.end(body);
      return;
    }
    const step = Math.max(1, Math.floor(options.bytesPerSecond / 10));
    let offset = 0;
    const timer = setInterval(() => {
      if (request.destroyed) return clearInterval(timer);
      request.write(body.subarray(offset, offset + step));
      offset += step;
      if (offset >= body.length) {
        clearInterval(timer);
        request.end();
      }
    }, 100);
  });
}

/** A reader of /api/v1/events as a page's EventSource reads it. */
export async function liveEvents(
  base: string,
  headers: Record<string, string> = {},
): Promise<{
  /** The stream's Content-Type, as the server sent it. */
  contentType: string | null;
  next(ms?: number): Promise<LiveEvent>;
  until(test: (event: LiveEvent) => boolean, ms?: number): Promise<LiveEvent[]>;
  close(): Promise<void>;
}> {
  const abort = new AbortController();
  const response = await fetch(`${base}/api/v1/events`, {
    signal: abort.signal,
    headers: withVoice(Number(new URL(base).port), headers),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const read = async (): Promise<LiveEvent> => {
    for (;;) {
      const frames = buffer.split('\n\n');
      for (let i = 0; i < frames.length - 1; i++) {
        const data = frames[i]!.split('\n').find((line) => line.startsWith('data: '));
        if (data) {
          buffer = frames.slice(i + 1).join('\n\n');
          return JSON.parse(data.slice(6)) as LiveEvent;
        }
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  const next = (ms = 30_000) =>
    Promise.race([
      read(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no live event in time')), ms)),
    ]);
  return {
    contentType: response.headers.get('content-type'),
    next,
    async until(test, ms = 60_000) {
      const heard: LiveEvent[] = [];
      while (!heard.some(test)) heard.push(await next(ms));
      return heard;
    },
    async close() {
      abort.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
