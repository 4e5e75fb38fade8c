import { serveUdn } from './support/server.ts';

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
  const { url, stop } = await serveUdn({ args: ['--empty'], env });
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
