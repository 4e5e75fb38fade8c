import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.ts';

const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;

/** Passes bytes on until there are more than `limitBytes`, then fails with a 413 naming the limit. */
class SizeCap extends Transform {
  private seen = 0;
  constructor(private readonly limitBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limitBytes) {
      callback(
        new DomainError(
          'too_large',
          `the compressed upload unpacks to more than the upload limit of ${sizeOf(this.limitBytes)}`,
          { field: 'files', params: { limit_bytes: this.limitBytes } },
        ),
      );
      return;
    }
    callback(null, chunk);
  }
}

/**
 * The request body unpacked, failing once it passes `limitBytes` (so a gzip bomb costs at most that
 * much work and never reaches the disk beyond it), shaped as the multipart reader expects the raw
 * request: a readable with the request's headers, minus the encoding it has undone.
 */
function decodedBody(raw: IncomingMessage, encoding: string, limitBytes: number): Transform {
  const decoder = DECODERS[encoding]!();
  const cap = new SizeCap(limitBytes);
  const fail = (error: Error) => {
    raw.unpipe(decoder);
    // What is left of the body is read and dropped, so the answer can still be written on this socket.
    raw.resume();
    const reason =
      error instanceof DomainError
        ? error
        : new DomainError('invalid', `the upload is not valid ${encoding} data: ${error.message}`, {
            field: 'files',
            params: { encoding },
          });
    cap.destroy(reason);
  };
  decoder.on('error', fail);
  cap.on('error', () => {
    raw.unpipe(decoder);
    raw.resume();
    decoder.destroy();
  });
  raw.pipe(decoder).pipe(cap);
  const { 'content-encoding': _undone, 'content-length': _packed, ...headers } = raw.headers;
  return Object.assign(cap, { headers });
}

/**
 * Multipart uploads with a Content-Encoding (gzip, deflate, br): @fastify/multipart reads the raw
 * request and knows nothing of the encoding, and @fastify/compress's request decompression would
 * tap the same raw stream and stall it. So for these requests this hook takes the encoding off
 * before compress sees it and hands the multipart reader (`request.files()` and friends) the
 * unpacked body, capped at the upload limit. JSON bodies stay with @fastify/compress, whose
 * unpacked size Fastify bounds by bodyLimit.
 */
export function installEncodedUploads(app: FastifyInstance, limitBytes: number): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding === undefined || encoding === '' || encoding === 'identity') return payload;
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/')) return payload;
    if (DECODERS[encoding] === undefined) {
      throw new DomainError(
        'unsupported_media_type',
        `uploads may be compressed with ${Object.keys(DECODERS).join(', ')}, not "${encoding.slice(0, 40)}"`,
        { field: 'content-encoding', params: { encoding: encoding.slice(0, 40) } },
      );
    }
    const decoded = decodedBody(request.raw, encoding, limitBytes);
    delete request.raw.headers['content-encoding'];
    // The multipart reader takes the stream from `this.raw`: a view of the request whose raw is
    // the unpacked body keeps every other part of the request as it is.
    const view: FastifyRequest = Object.create(request, { raw: { value: decoded } });
    const { files, parts, file } = request;
    Object.assign(request, {
      files: files.bind(view),
      parts: parts.bind(view),
      file: file.bind(view),
    });
    return payload;
  });
}
