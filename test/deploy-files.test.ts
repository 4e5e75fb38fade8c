import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEPLOY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/deploy');
const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;

// The files docs/deploy.md tells people to copy must be what their tools accept; checked where the
// tools are installed (systemd and nginx are not on every developer's machine).
describe('docs/deploy files', () => {
  it.runIf(has('systemd-analyze'))('udn.service passes systemd-analyze verify', () => {
    const run = spawnSync('systemd-analyze', ['verify', path.join(DEPLOY, 'udn.service')], {
      encoding: 'utf8',
    });
    expect(run.stderr.trim()).toBe('');
    expect(run.status).toBe(0);
  });

  it.runIf(has('nginx') && has('openssl'))('nginx-udn.conf passes nginx -t', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-nginx-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          path.join(dir, 'udn.key'),
          '-out',
          path.join(dir, 'udn.crt'),
        ],
        { stdio: 'ignore' },
      );
      // Unprivileged ports and the test certificate; every other line as shipped.
      const site = fs
        .readFileSync(path.join(DEPLOY, 'nginx-udn.conf'), 'utf8')
        .replaceAll('/etc/ssl/udn/', `${dir}/`)
        .replace(/listen (\[::\]:)?443 /g, (_, v6 = '') => `listen ${v6}18443 `)
        .replace(/listen (\[::\]:)?80;/g, (_, v6 = '') => `listen ${v6}18080;`);
      fs.writeFileSync(path.join(dir, 'udn.conf'), site);
      fs.writeFileSync(
        path.join(dir, 'nginx.conf'),
        `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  include ${dir}/udn.conf;\n}\n`,
      );
      const run = spawnSync('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], {
        encoding: 'utf8',
      });
      expect(run.stderr).toContain('test is successful');
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
