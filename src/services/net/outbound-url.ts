import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export type OutboundUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** The only range UDN posts to unasked: public unicast. Everything else ipaddr.js names is refused. */
const PUBLIC_RANGE = 'unicast';

/**
 * Why an address is not a public one (loopback, private, link-local with the cloud metadata service,
 * CGNAT, unique-local, unspecified, multicast, reserved …), or null when it is. An IPv4 address
 * inside IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries.
 */
export function refusedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  const range = parsed.range();
  return range === PUBLIC_RANGE ? null : `${parsed.toString()} is a ${RANGE_NAMES[range] ?? range} address`;
}

const RANGE_NAMES: Record<string, string> = {
  loopback: 'loopback',
  private: 'private network',
  linkLocal: 'link-local (cloud metadata)',
  carrierGradeNat: 'carrier-grade NAT',
  uniqueLocal: 'unique-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
  reserved: 'reserved',
};

export type Resolve = (host: string) => Promise<string[]>;

const resolveAll: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Whether UDN may send a request to `url` (webhooks, chat channels): http or https only, and unless
 * `allowPrivate`, every address the host resolves to must be public, so a subscription cannot make
 * the server reach its own network (SSRF). All addresses are checked, since the connection may use
 * any of them; callers check again before each delivery because DNS answers change.
 */
export async function checkOutboundUrl(
  url: string,
  options: { allowPrivate: boolean; resolve?: Resolve },
): Promise<OutboundUrlCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return {
      ok: false,
      reason: `only http and https URLs are allowed, not ${parsed.protocol.replace(':', '')}`,
    };
  if (parsed.username || parsed.password)
    return {
      ok: false,
      reason: 'a URL with a user name or password is not allowed: use the signature instead',
    };
  if (options.allowPrivate) return { ok: true, url: parsed };
  // An IPv6 literal comes back in brackets.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await (options.resolve ?? resolveAll)(host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      ok: false,
      reason: `the host ${host} cannot be resolved${typeof code === 'string' ? ` (${code})` : ''}`,
    };
  }
  if (addresses.length === 0) return { ok: false, reason: `the host ${host} has no address` };
  for (const address of addresses) {
    const reason = refusedAddressReason(address);
    if (reason)
      return {
        ok: false,
        reason: `${reason}: only an owner or admin may allow private addresses (allowPrivate)`,
      };
  }
  return { ok: true, url: parsed };
}
