import http from 'node:http';
import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An answer read to its end: status, headers and body as text. */
export function readAnswer(response: http.IncomingMessage): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () =>
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
    response.on('error', reject);
  });
}

/** The credentials each listening test server's requests carry by default, by port. */
const voices = new Map<number, Record<string, string>>();

/**
 * Requests to the server on `port` carry `headers` (a person's Bearer token) unless they give their
 * own authorization or cookie: tests written before people existed speak as the owner.
 */
export function speakAs(port: number, headers: Record<string, string>): void {
  voices.set(port, headers);
}

/** `given` with the port's default credentials added, unless it carries its own. */
export function withVoice(port: number, given: Record<string, string> = {}): Record<string, string> {
  const own = Object.keys(given).map((k) => k.toLowerCase());
  if (own.includes('authorization') || own.includes('cookie')) return given;
  return { ...voices.get(port), ...given };
}

/** fetch with the port's default credentials (see speakAs). */
export function fetchAs(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  return fetch(url, { ...init, headers: withVoice(Number(new URL(url).port), headers) });
}

/** One request over a real socket, with exactly the headers given (a browser's Origin, a forged Host …). */
export function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: {
          ...(options.body ? { 'content-length': String(options.body.length) } : {}),
          ...withVoice(port, options.headers),
        },
        agent: false,
      },
      (response) => readAnswer(response).then(resolve, reject),
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * Opens a socket, writes `head`, then `drip` every `everyMs` until the server answers or closes;
 * resolves with what the server wrote (empty when it closed without a word).
 */
export function trickle(port: number, head: string, drip: string, everyMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.destroyed && socket.writable) socket.write(drip);
      }, everyMs);
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    const finish = () => {
      clearInterval(timer);
      resolve(received);
    };
    socket.on('close', finish);
    socket.on('error', () => socket.destroy());
  });
}

export const BOUNDARY = '----udn-test-boundary-7MA4YWxkTrZu0gW';

/** A multipart/form-data body of named files, as a browser's FormData sends it. */
export function multipartBody(files: Record<string, string | Buffer>, boundary = BOUNDARY): Buffer {
  const parts: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      typeof content === 'string' ? Buffer.from(content) : content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

export const multipartType = (boundary = BOUNDARY) => `multipart/form-data; boundary=${boundary}`;
