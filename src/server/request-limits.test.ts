import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BOUNDARY,
  multipartBody,
  multipartType,
  send,
  speakAs,
  trickle,
} from '../../test/support/raw-http.ts';
import { SMALL } from '../../test/support/test-app.ts';
import { addTestPerson, firstOrg } from '../../test/support/test-people.ts';
import { createTestStore, type TestStore } from '../../test/support/test-stores.ts';
import type { ApiError, RepSummary } from '../core/contracts/api.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';
import { type RunningServer, startServer } from './main.ts';

const REPS = fs.readFileSync(path.join(SMALL.dataDir, 'reps.csv'), 'utf8');
const MB = 1024 * 1024;

describe('timeouts, compressed uploads and malformed multipart on a listening server', () => {
  let store: TestStore;
  let server: RunningServer;
  let port: number;
  let auth: string;
  let tmp: string;
  const savedTmp = process.env.TMPDIR;

  beforeAll(async () => {
    // Uploads are received under os.tmpdir(): a directory of this test's own shows what is left behind.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-limits-'));
    process.env.TMPDIR = tmp;
    store = await createTestStore('sqlite');
    const result = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(result.errors).toEqual([]);
    server = await startServer({
      store,
      port: 0,
      host: '127.0.0.1',
      webDist: null,
      uploadLimitBytes: MB,
      timeouts: {
        headersTimeoutMs: 1000,
        requestTimeoutMs: 20_000,
        bodyTimeoutMs: 1000,
        minBodyBytesPerSecond: 1000,
      },
    });
    port = Number(new URL(server.url).port);
    auth = (await addTestPerson(store, await firstOrg(store), 'owner')).headers.authorization;
    speakAs(port, { authorization: auth });
  });
  afterAll(async () => {
    await server.app.close();
    await store.dispose();
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  // Uploads wait in <tmp>/udn-uploads (server/uploads/upload-space.ts).
  const uploadDirsLeft = () => {
    const parent = path.join(tmp, 'udn-uploads');
    return fs.existsSync(parent)
      ? fs.readdirSync(parent).filter((name) => name.startsWith('udn-upload-'))
      : [];
  };
  // The server removes a refused upload once its reader has failed, which may be just after the answer.
  const noUploadLeft = () => vi.waitFor(() => expect(uploadDirsLeft()).toEqual([]), { timeout: 3000 });
  const alive = async () => expect((await send(port, { path: '/api/v1/org' })).status).toBe(200);
  const post = (body: Buffer, headers: Record<string, string>) =>
    send(port, { method: 'POST', path: '/api/v1/imports?wait=true', headers, body });

  it('cuts off a client that trickles its headers, and keeps serving others', async () => {
    const written = await trickle(
      port,
      'GET /api/v1/org HTTP/1.1\r\nHost: localhost\r\n',
      'X-Slow: 1\r\n',
      200,
    );
    expect(written).toMatch(/^HTTP\/1\.1 408/);
    await alive();
  }, 20_000);

  it('cuts off an upload whose body drips a byte at a time with 408, leaving no upload behind', async () => {
    const body = multipartBody({ 'reps.csv': REPS });
    const head = [
      'POST /api/v1/imports HTTP/1.1',
      'Host: localhost',
      `Authorization: ${auth}`,
      `Content-Type: ${multipartType()}`,
      `Content-Length: ${body.length}`,
      '',
      '',
    ].join('\r\n');
    const written = await trickle(port, head + body.subarray(0, 200).toString('latin1'), 'x', 300);
    expect(written).toMatch(/^HTTP\/1\.1 408/);
    expect(written).toContain('slower than 1000 bytes per second');
    await noUploadLeft();
    await alive();
  }, 20_000);

  it('cuts off an upload whose body stops arriving', async () => {
    const head = `POST /api/v1/imports HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${auth}\r\nContent-Type: ${multipartType()}\r\nContent-Length: 100000\r\n\r\n`;
    // A drip slower than the body timeout: nothing arrives for longer than 1 s at a time.
    const written = await trickle(port, `${head}--${BOUNDARY}\r\n`, 'x', 5000);
    expect(written).toMatch(/^HTTP\/1\.1 408/);
    expect(written).toContain('no part of the request body arrived for 1 s');
    await noUploadLeft();
    await alive();
  }, 20_000);

  it('imports a gzip- or brotli-encoded upload as the files it unpacks to', async () => {
    for (const [encoding, pack] of [
      ['gzip', gzipSync],
      ['br', brotliCompressSync],
    ] as const) {
      const name = `Rep ${encoding}`;
      const answer = await post(pack(multipartBody({ 'reps.csv': REPS.replace('Rep 1,', `${name},`) })), {
        'content-type': multipartType(),
        'content-encoding': encoding,
      });
      expect(answer.status, answer.body).toBe(200);
      const reps = JSON.parse((await send(port, { path: '/api/v1/reps' })).body) as RepSummary[];
      expect(reps.map((rep) => rep.name)).toContain(name);
    }
  });

  it('answers a gzip bomb with 413 naming the limit, without unpacking it onto disk', async () => {
    const bomb = gzipSync(multipartBody({ 'deals.csv': Buffer.alloc(10 * MB, '0') }), { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const answer = await post(bomb, { 'content-type': multipartType(), 'content-encoding': 'gzip' });
    expect(answer.status, answer.body).toBe(413);
    const body = JSON.parse(answer.body) as ApiError;
    expect(body.error).toBe('payload_too_large');
    expect(body.message).toContain('1 MB');
    await noUploadLeft();
    await alive();
  });

  it('answers a JSON body that unpacks past the body limit with 413', async () => {
    const bomb = gzipSync(Buffer.from(`{"name":"${'a'.repeat(5 * MB)}"}`));
    const answer = await send(port, {
      method: 'POST',
      path: '/api/v1/dashboards',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    });
    expect(answer.status, answer.body).toBe(413);
  });

  it('refuses an encoding it cannot undo with 415 naming it, and bytes that are not gzip with 400', async () => {
    const body = multipartBody({ 'reps.csv': REPS });
    const unknown = await post(body, { 'content-type': multipartType(), 'content-encoding': 'compress' });
    expect(unknown.status).toBe(415);
    expect(unknown.body).toContain('"compress"');
    const lying = await post(body, { 'content-type': multipartType(), 'content-encoding': 'gzip' });
    expect(lying.status).toBe(400);
    expect((JSON.parse(lying.body) as ApiError).message).toContain('not valid gzip data');
    await noUploadLeft();
    await alive();
  });

  const malformed: [string, Buffer, string][] = [
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), multipartType()],
    ['a body cut short', multipartBody({ 'reps.csv': REPS }).subarray(0, 300), multipartType()],
    ['no boundary in its Content-Type', multipartBody({ 'reps.csv': REPS }), 'multipart/form-data'],
    [
      'another boundary than its Content-Type says',
      multipartBody({ 'reps.csv': REPS }, 'other'),
      multipartType(),
    ],
    ['gzip bytes it does not declare', gzipSync(multipartBody({ 'reps.csv': REPS })), multipartType()],
  ];
  it.each(malformed)(
    'answers a multipart body with %s with 400 naming the problem',
    async (_label, body, type) => {
      const answer = await post(body, { 'content-type': type });
      expect(answer.status, answer.body).toBe(400);
      const error = JSON.parse(answer.body) as ApiError;
      expect(error.message).toMatch(/multipart body is malformed: \S/);
      await noUploadLeft();
      await alive();
    },
  );
});
