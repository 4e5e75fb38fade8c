/**
 * Where people reach the app, for links in mail sent without a request to take it from (scheduled
 * digests, the CLI): UDN_PUBLIC_URL, else the address `udn serve` listens on by default.
 */
export function publicUrlOf(env: NodeJS.ProcessEnv = process.env): string {
  const fixed = env.UDN_PUBLIC_URL?.trim();
  return (fixed || `http://localhost:${env.PORT?.trim() || '3000'}`).replace(/\/+$/, '');
}
