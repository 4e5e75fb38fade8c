import os from 'node:os';

/** What every server answers to: the loopback names a browser on this machine uses. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

const isWildcard = (address: string) => address === '0.0.0.0' || address === '::' || address === '';

/** An address as it is written in a Host header: IPv6 in brackets, names lower-case. */
const asHostName = (address: string) =>
  address.includes(':') && !address.startsWith('[') ? `[${address.toLowerCase()}]` : address.toLowerCase();

/**
 * The Host names a server bound to `bindHost` answers to when UDN_ALLOWED_HOSTS is not set: the loopback
 * names, the bound name when it is a specific one, and for a server bound to every interface
 * (0.0.0.0, ::) the machine's host name and the addresses of its interfaces, which is what someone
 * on the LAN types. A name that merely resolves here (DNS rebinding) is none of these.
 */
export function defaultAllowedHosts(bindHost?: string): string[] {
  const hosts = new Set(LOOPBACK_HOSTS);
  if (bindHost === undefined) return [...hosts];
  if (!isWildcard(bindHost)) {
    hosts.add(asHostName(bindHost));
    return [...hosts];
  }
  const name = os.hostname().toLowerCase();
  hosts.add(name);
  hosts.add(`${name.split('.')[0]}.local`);
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) hosts.add(asHostName(address.address.split('%')[0]!));
  }
  return [...hosts];
}

/** UDN_ALLOWED_HOSTS: comma-separated host names, each with an optional port; `*` allows any. */
export function parseAllowedHosts(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}

/** `[::1]:3000` → { name: '[::1]', port: '3000' }; `example.com` → { name: 'example.com' }. */
function splitHost(host: string): { name: string; port?: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host.trim().toLowerCase());
  if (!match) return { name: host.toLowerCase() };
  return match[2] ? { name: match[1]!, port: match[2] } : { name: match[1]! };
}

/** Whether a request's Host header names this server: an entry without a port allows any port. */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  if (host === '') return false;
  const wanted = splitHost(host);
  return allowed.some((entry) => {
    const candidate = splitHost(entry);
    return candidate.name === wanted.name && (candidate.port === undefined || candidate.port === wanted.port);
  });
}
