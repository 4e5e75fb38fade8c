import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

/** A pull that failed for a reason a person can act on; the run log shows its message. */
export class SourceFetchError extends Error {
  override readonly name = 'SourceFetchError';
}

export interface FetchRequest {
  url: string;
  header: { name: string; value: string } | null;
  /** What the last imported pull answered: sent back so an unchanged file costs a 304. */
  etag: string | null;
  lastModified: string | null;
  timeoutMs: number;
  maxBytes: number;
  /** Where the body is saved (a fresh directory the caller deletes). */
  dir: string;
  signal?: AbortSignal;
}

export type FetchOutcome =
  | { changed: false; etag: string | null; lastModified: string | null }
  | {
      changed: true;
      file: { name: string; path: string; size: number };
      sha256: string;
      etag: string | null;
      lastModified: string | null;
    };

const HTML_MESSAGE = 'returned an HTML page, not a CSV/XLSX: is the sheet published as CSV?';

/** Whether the first bytes of a body are an HTML document (a sign-in page, a sheet's web view). */
export function looksLikeHtml(head: Buffer): boolean {
  const text = head
    .toString('utf8', 0, Math.min(head.length, 512))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<head');
}

/** The file name a body is saved under: the server's, else the URL's last segment; an extension from its type. */
export function fileNameOf(url: URL, disposition: string | null, contentType: string, head: Buffer): string {
  const given =
    /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1] ??
    /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1];
  let name = given ?? url.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Left as sent.
  }
  name = path
    .basename(name)
    .replace(/[^\w.-]+/g, '-')
    .slice(0, 120);
  if (/\.(csv|xlsx|json)$/i.test(name)) return name;
  const zip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  const xlsx = zip || contentType.includes('spreadsheetml');
  return `${name.replace(/^[-.]+/, '') || 'source'}${xlsx ? '.xlsx' : '.csv'}`;
}

/**
 * One conditional GET of a source URL, following redirects, within `timeoutMs` and `maxBytes`.
 * An unchanged file (304) is not downloaded; a body is streamed to `dir` with its SHA-256.
 * Refused, naming the reason: a non-2xx status, an HTML page, a timeout, a body over the limit.
 */
export async function fetchSource(request: FetchRequest): Promise<FetchOutcome> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {
    accept: 'text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, */*;q=0.5',
  };
  if (request.header) headers[request.header.name] = request.header.value;
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const timedOut = () =>
    new SourceFetchError(
      `${url.host} did not answer within ${request.timeoutMs / 1000} s (the limit, UDN_SOURCE_TIMEOUT_MS)`,
    );
  const failed = (error: unknown): SourceFetchError => {
    if (timeout.aborted) return timedOut();
    if (request.signal?.aborted) return new SourceFetchError('stopped: the server is shutting down');
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    return new SourceFetchError(
      `could not fetch ${url.host}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    );
  };
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow', signal });
  } catch (error) {
    throw failed(error);
  }
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (response.status === 304) {
    await response.body?.cancel().catch(() => undefined);
    return { changed: false, etag: etag ?? request.etag, lastModified: lastModified ?? request.lastModified };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new SourceFetchError(`${url.host} answered ${response.status} ${response.statusText}`.trim());
  }
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  if (contentType.startsWith('text/html')) {
    await response.body?.cancel().catch(() => undefined);
    throw new SourceFetchError(`${url.host} ${HTML_MESSAGE}`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > request.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new SourceFetchError(
      `${url.host} sent ${declared} bytes, over the limit of ${request.maxBytes} (UDN_SOURCE_MAX_BYTES)`,
    );
  }
  if (!response.body) throw new SourceFetchError(`${url.host} answered ${response.status} with no body`);

  const hash = createHash('sha256');
  const temp = path.join(request.dir, 'body');
  const out = fs.createWriteStream(temp);
  // Kept, not thrown from an event: the loop below reports it, and the directory outlives the stream.
  const save: { error: Error | null } = { error: null };
  out.on('error', (error) => {
    save.error = error;
  });
  const closed = () =>
    new Promise<void>((resolve) => (out.closed ? resolve() : out.once('close', () => resolve())));
  let size = 0;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
      const bytes = chunk as Buffer;
      if (head.length < 512) {
        head = Buffer.concat([head, bytes]).subarray(0, 512);
        if (head.length >= 64 && looksLikeHtml(head))
          throw new SourceFetchError(`${url.host} ${HTML_MESSAGE}`);
      }
      size += bytes.length;
      if (size > request.maxBytes)
        throw new SourceFetchError(
          `${url.host} sent more than ${request.maxBytes} bytes, the limit (UDN_SOURCE_MAX_BYTES)`,
        );
      hash.update(bytes);
      if (save.error) throw save.error;
      if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    if (looksLikeHtml(head)) throw new SourceFetchError(`${url.host} ${HTML_MESSAGE}`);
  } catch (error) {
    out.destroy();
    await closed();
    if (save.error && error === save.error)
      throw new SourceFetchError(`could not save the download: ${save.error.message}`);
    throw error instanceof SourceFetchError ? error : failed(error);
  }
  out.end();
  await closed();
  if (save.error) throw new SourceFetchError(`could not save the download: ${save.error.message}`);
  if (size === 0) throw new SourceFetchError(`${url.host} answered with an empty file`);
  const name = fileNameOf(
    new URL(response.url || url.toString()),
    response.headers.get('content-disposition'),
    contentType,
    head,
  );
  const full = path.join(request.dir, name);
  fs.renameSync(temp, full);
  return { changed: true, file: { name, path: full, size }, sha256: hash.digest('hex'), etag, lastModified };
}
