import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache.ts';
import { preferredCoding } from './routes/route-helpers.ts';

describe('response cache', () => {
  it('computes an answer once however many ask at the same time', async () => {
    const cache = new ResponseCache();
    let calls = 0;
    const compute = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { value: 1 };
    };
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.answer('k', compute)));
    expect(new Set(answers.map((a) => a.text))).toEqual(new Set(['{"value":1}']));
    expect(calls).toBe(1);
    expect(cache.misses).toBe(1);
  });

  it('does not keep a failure: the next request computes again', async () => {
    const cache = new ResponseCache();
    await expect(cache.answer('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await cache.answer('k', async () => 2)).text).toBe('2');
  });

  it('keys do not depend on parameter order, and a new data version makes a new key', () => {
    const a = ResponseCache.key(1, 7, 'series', { metric: 'revenue', from: 1, to: 2 });
    const b = ResponseCache.key(1, 7, 'series', { to: 2, from: 1, metric: 'revenue' });
    expect(a).toBe(b);
    expect(ResponseCache.key(1, 8, 'series', { metric: 'revenue', from: 1, to: 2 })).not.toBe(a);
  });

  it('compresses an answer once per coding, and the bytes decode to the text', async () => {
    const answer = await new ResponseCache().answer('k', async () => ({ text: 'x'.repeat(5000) }));
    const br = answer.encodedAs('br');
    expect(answer.encodedAs('br')).toBe(br);
    expect(zlib.brotliDecompressSync(br).toString()).toBe(answer.text);
    expect(zlib.gunzipSync(answer.encodedAs('gzip')).toString()).toBe(answer.text);
  });

  it('stays within its memory bound', async () => {
    const cache = new ResponseCache({ maxBytes: 1000 });
    for (let i = 0; i < 100; i++) await cache.answer(`k${i}`, async () => 'x'.repeat(100));
    let kept = 0;
    for (let i = 0; i < 100; i++) {
      let computed = false;
      await cache.answer(`k${i}`, async () => {
        computed = true;
        return '';
      });
      if (!computed) kept++;
    }
    expect(kept).toBeLessThan(10);
  });
});

describe('content coding choice', () => {
  it.each([
    [undefined, null],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', null],
    ['*', 'gzip'],
  ] as const)('%s → %s', (header, coding) => {
    expect(preferredCoding(header)).toBe(coding);
  });
});
