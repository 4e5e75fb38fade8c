import { describe, expect, it } from 'vitest';
import { checkOutboundUrl, refusedAddressReason } from './outbound-url.ts';

const refused = async (url: string) => {
  const check = await checkOutboundUrl(url, { allowPrivate: false });
  return check.ok ? null : check.reason;
};

describe('outbound URL check', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://127.8.9.10/', 'loopback'],
    ['http://10.1.2.3/', 'private network'],
    ['http://172.16.0.1/', 'private network'],
    ['http://172.31.255.255/', 'private network'],
    ['http://192.168.1.20/', 'private network'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local (cloud metadata)'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://100.127.255.254/', 'carrier-grade NAT'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://[::1]/', 'loopback'],
    ['http://[fc00::1]/', 'unique-local'],
    ['http://[fd12:3456::1]/', 'unique-local'],
    ['http://[fe80::1]/', 'link-local (cloud metadata)'],
    ['http://[::]/', 'unspecified'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:10.0.0.1]/', 'private network'],
    ['http://[::ffff:169.254.169.254]/', 'link-local (cloud metadata)'],
    // Spellings the URL parser turns into 127.0.0.1.
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
  ])('refuses %s (%s)', async (url, range) => {
    expect(await refused(url)).toContain(`a ${range} address`);
    expect(await refused(url)).toContain('allowPrivate');
  });

  it.each([
    'https://8.8.8.8/hook',
    'http://172.32.0.1/',
    'http://100.128.0.1/',
    'http://11.0.0.1/',
    'https://[2606:4700:4700::1111]/x',
  ])('accepts the public address %s', async (url) => {
    const check = await checkOutboundUrl(url, { allowPrivate: false });
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.url.href).toBe(new URL(url).href);
  });

  it('judges an IPv4-mapped address as the IPv4 address it carries', () => {
    expect(refusedAddressReason('::ffff:192.168.0.1')).toBe('192.168.0.1 is a private network address');
    expect(refusedAddressReason('::ffff:8.8.4.4')).toBeNull();
  });

  it('refuses a name when any of its addresses is private, and one that does not resolve', async () => {
    const resolve = async (host: string) => {
      if (host === 'mixed.example') return ['93.184.216.34', '10.0.0.5'];
      if (host === 'public.example') return ['93.184.216.34', '2606:2800:220:1::1'];
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    const mixed = await checkOutboundUrl('https://mixed.example/h', { allowPrivate: false, resolve });
    expect(mixed).toEqual({
      ok: false,
      reason:
        '10.0.0.5 is a private network address: only an owner or admin may allow private addresses (allowPrivate)',
    });
    expect((await checkOutboundUrl('https://public.example/h', { allowPrivate: false, resolve })).ok).toBe(
      true,
    );
    expect(await checkOutboundUrl('https://nowhere.example/h', { allowPrivate: false, resolve })).toEqual({
      ok: false,
      reason: 'the host nowhere.example cannot be resolved (ENOTFOUND)',
    });
  });

  it('resolves a real name: localhost is loopback', async () => {
    expect(await refused('http://localhost:9/')).toMatch(/is a loopback address/);
  });

  it('accepts a private address when allowPrivate is set, but never another scheme or credentials', async () => {
    expect((await checkOutboundUrl('http://127.0.0.1:9/h', { allowPrivate: true })).ok).toBe(true);
    expect(await checkOutboundUrl('ftp://8.8.8.8/x', { allowPrivate: true })).toEqual({
      ok: false,
      reason: 'only http and https URLs are allowed, not ftp',
    });
    expect(await checkOutboundUrl('file:///etc/passwd', { allowPrivate: true })).toMatchObject({ ok: false });
    expect(await checkOutboundUrl('https://user:pw@8.8.8.8/x', { allowPrivate: false })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('user name or password'),
    });
    expect(await checkOutboundUrl('not a url', { allowPrivate: true })).toEqual({
      ok: false,
      reason: 'not a valid URL',
    });
  });
});
