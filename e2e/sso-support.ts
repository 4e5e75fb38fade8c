import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './support/server.ts';

/** The owner the SSO and two-factor specs set their servers up with. */
export const SSO_OWNER = { name: 'Oscar Owner', email: 'oscar@owner.test', password: 'e2e-owner-password-2' };

export interface UdnWithEnv {
  url: string;
  stop(): Promise<void>;
}

/**
 * `udn serve` on a free port with extra environment (UDN_OIDC_*, UDN_SMTP_URL: what an operator
 * sets), set up through the first-run API with an empty organisation and SSO_OWNER.
 */
export async function startUdnWithEnv(env: Record<string, string>): Promise<UdnWithEnv> {
  const dir = mkdtempSync(path.join(tmpdir(), 'udn-e2e-sso-'));
  const args = [
    path.join(ROOT, 'bin/udn.js'),
    'serve',
    '--db',
    path.join(dir, 'udn.sqlite'),
    '--port',
    '0',
    '--empty',
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`udn serve did not start in time:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/[^\s/]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`udn serve exited (${code}):\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const setup = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ ...SSO_OWNER, orgName: 'SSO Org', demo: false }),
  });
  if (setup.status !== 201) {
    await stop();
    throw new Error(`setup failed: HTTP ${setup.status} ${await setup.text()}`);
  }
  return { url, stop };
}
