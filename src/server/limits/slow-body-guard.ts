import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../core/contracts/api.ts';
import type { RequestTimeouts } from './request-timeouts.ts';

const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

function cutOff(request: FastifyRequest, reply: FastifyReply, message: string): void {
  // The request stream is ended with an error (which also closes the socket), so the upload's reader
  // fails and removes what it had written: once its answer is out, Node itself would never end it.
  const end = () => request.raw.destroy(Object.assign(new Error(message), { statusCode: 408 }));
  if (reply.sent) {
    end();
    return;
  }
  const body: ApiError = { error: 'request_timeout', message };
  reply.raw.once('finish', end);
  reply.code(408).header('connection', 'close').send(body);
}

/**
 * Node's own timeouts end a request that takes too long as a whole; this ends one whose body stalls
 * (nothing for `bodyTimeoutMs`) or drips (slower than `minBodyBytesPerSecond` on average once
 * `bodyTimeoutMs` has passed), so a few slow clients cannot hold the upload slots and sockets for
 * the whole request timeout. Time the server itself is not reading (back-pressure) is not counted.
 */
export function installSlowBodyGuard(
  app: FastifyInstance,
  timeouts: Pick<RequestTimeouts, 'bodyTimeoutMs' | 'minBodyBytesPerSecond'>,
): void {
  const tickMs = Math.max(50, Math.min(1000, Math.floor(timeouts.bodyTimeoutMs / 5)));
  app.addHook('onRequest', async (request, reply) => {
    if (!hasBody(request)) return;
    const socket = request.raw.socket;
    let lastBytes = socket.bytesRead;
    let lastProgress = Date.now();
    let counted = 0;
    let countedMs = 0;
    const timer = setInterval(() => {
      if (request.raw.complete || reply.raw.writableEnded || socket.destroyed) {
        clearInterval(timer);
        return;
      }
      const now = Date.now();
      const bytes = socket.bytesRead;
      // An injected request's socket (app.inject) has no isPaused.
      if (request.raw.isPaused() || socket.isPaused?.()) {
        lastProgress = now;
      } else {
        counted += bytes - lastBytes;
        countedMs += tickMs;
        if (bytes > lastBytes) lastProgress = now;
      }
      lastBytes = bytes;
      if (now - lastProgress >= timeouts.bodyTimeoutMs) {
        clearInterval(timer);
        cutOff(request, reply, `no part of the request body arrived for ${timeouts.bodyTimeoutMs / 1000} s`);
      } else if (
        countedMs >= timeouts.bodyTimeoutMs &&
        (counted * 1000) / countedMs < timeouts.minBodyBytesPerSecond
      ) {
        clearInterval(timer);
        cutOff(
          request,
          reply,
          `the request body arrived slower than ${timeouts.minBodyBytesPerSecond} bytes per second`,
        );
      }
    }, tickMs);
    timer.unref();
    reply.raw.once('close', () => clearInterval(timer));
  });
}
