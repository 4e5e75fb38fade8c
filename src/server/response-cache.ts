import zlib from 'node:zlib';
import { LRUCache } from 'lru-cache';

export type ContentCoding = 'br' | 'gzip';

/** One serialized answer, with its compressed forms made on first demand and kept beside it. */
export class CachedAnswer {
  private readonly encoded = new Map<ContentCoding, Buffer>();
  constructor(readonly text: string) {}

  encodedAs(coding: ContentCoding): Buffer {
    let body = this.encoded.get(coding);
    if (!body) {
      body =
        coding === 'br'
          ? zlib.brotliCompressSync(this.text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
          : zlib.gzipSync(this.text, { level: 6 });
      this.encoded.set(coding, body);
    }
    return body;
  }
}

/**
 * Serialized API answers keyed by (org, data_version, normalized query). The KPI answers only change
 * when the data version does, so a key never goes stale: a new version simply makes new keys and
 * the LRU bound lets the old ones fall out. Concurrent misses for one key share a single computation,
 * so fifty dashboards opening at once compute each answer once; answers are serialized and
 * compressed once, not per request.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, CachedAnswer>;
  private readonly inFlight = new Map<string, Promise<CachedAnswer>>();
  hits = 0;
  misses = 0;

  constructor(options: { maxBytes?: number } = {}) {
    this.entries = new LRUCache<string, CachedAnswer>({
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      // Room for the compressed forms, which come later and are a fraction of the text.
      sizeCalculation: (value, key) => Math.ceil(value.text.length * 1.3) + key.length,
    });
  }

  static key(orgId: number, dataVersion: number, kind: string, query: Record<string, unknown>): string {
    const normalized = Object.keys(query)
      .sort()
      .map((name) => `${name}=${String(query[name])}`)
      .join('&');
    return `${orgId}|${dataVersion}|${kind}|${normalized}`;
  }

  /** The cached answer for `key`, computing it (once, however many ask at the same time) on a miss. */
  async answer(key: string, compute: () => Promise<unknown>): Promise<CachedAnswer> {
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    this.misses++;
    const work = compute()
      .then((value) => {
        const answer = new CachedAnswer(JSON.stringify(value));
        this.entries.set(key, answer);
        return answer;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  clear(): void {
    this.entries.clear();
  }
}
