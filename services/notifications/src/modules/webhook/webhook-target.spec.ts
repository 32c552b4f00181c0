import { BlockList } from 'node:net';
import { parseAddressRanges, privateTargetProblem, type ResolveHost } from './webhook-target.js';

const NOTHING_ALLOWED = new BlockList();
// A resolver with fixed answers, so the test does not depend on this machine's DNS.
const names: ResolveHost = async (host) => {
  const answers: Record<string, string[]> = {
    'erp.example.com': ['93.184.215.14'],
    'intranet.corp': ['10.1.2.3', '192.168.7.8'],
    'split.example.com': ['10.1.2.3', '93.184.215.14'],
    'v6only.internal': ['fd12:3456::1'],
  };
  const found = answers[host];
  if (!found) throw new Error(`ENOTFOUND ${host}`);
  return found;
};
const problemOf = (url: string, allowed = NOTHING_ALLOWED) => privateTargetProblem(url, allowed, names);

describe('privateTargetProblem', () => {
  it.each([
    'http://10.0.0.5/hook',
    'http://10.255.255.255/hook',
    'http://172.16.0.1/hook',
    'http://172.31.255.254/hook',
    'http://192.168.1.10:8080/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://127.0.0.1:3000/hook',
    'http://127.8.9.10/hook',
    'http://0.0.0.0/hook',
    'http://[::1]/hook',
    'http://[fc00::1]/hook',
    'http://[fdab:cdef::2]/hook',
    'http://[fe80::1]/hook',
    // The same loopback spelled the ways URL accepts: decimal, hex, IPv4-mapped IPv6.
    'http://2130706433/hook',
    'http://0x7f.0.0.1/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:10.0.0.1]/hook',
  ])('refuses %s', async (url) => {
    expect(await problemOf(url)).toBe('must not point to a private, loopback or link-local address');
  });

  it.each([
    'https://93.184.215.14/hook',
    // Just outside the private ranges: 172.15.x and 172.32.x are public, as is 11.x.
    'http://172.15.255.255/hook',
    'http://172.32.0.1/hook',
    'http://11.0.0.1/hook',
    'http://192.169.0.1/hook',
    'http://[2001:db8::1]/hook',
    'https://erp.example.com/hooks/salesflow',
  ])('lets %s through', async (url) => {
    expect(await problemOf(url)).toBeUndefined();
  });

  it('refuses a name that resolves only to private addresses, and says what it resolved to', async () => {
    expect(await problemOf('https://intranet.corp/hook')).toBe(
      'must not point to a private, loopback or link-local address (intranet.corp resolves to 10.1.2.3, 192.168.7.8)',
    );
    expect(await problemOf('https://v6only.internal/hook')).toMatch(/v6only.internal resolves to fd12:3456::1/);
  });

  it('lets through a name with a public address among its answers, and one that does not resolve', async () => {
    expect(await problemOf('https://split.example.com/hook')).toBeUndefined();
    expect(await problemOf('https://not-there.example.org/hook')).toBeUndefined();
  });

  it('exempts the allowed ranges only', async () => {
    const loopbackHost = parseAddressRanges('127.0.0.1/32, ::1');
    expect(await problemOf('http://127.0.0.1:4000/hook', loopbackHost)).toBeUndefined();
    expect(await problemOf('http://[::1]:4000/hook', loopbackHost)).toBeUndefined();
    expect(await problemOf('http://127.0.0.2:4000/hook', loopbackHost)).toBeDefined();
    expect(await problemOf('http://10.0.0.5/hook', loopbackHost)).toBeDefined();
  });
});

describe('parseAddressRanges', () => {
  it('takes addresses and CIDR ranges of both families', () => {
    const ranges = parseAddressRanges('127.0.0.1, 10.0.0.0/8,fd00::/8');
    expect(ranges.check('127.0.0.1', 'ipv4')).toBe(true);
    expect(ranges.check('127.0.0.2', 'ipv4')).toBe(false);
    expect(ranges.check('10.200.3.4', 'ipv4')).toBe(true);
    expect(ranges.check('fd00::7', 'ipv6')).toBe(true);
    expect(parseAddressRanges('').check('127.0.0.1', 'ipv4')).toBe(false);
  });

  it('refuses what is not an address or a prefix length', () => {
    expect(() => parseAddressRanges('localhost')).toThrow('not an IP address or CIDR range: localhost');
    expect(() => parseAddressRanges('10.0.0.0/33')).toThrow('not a CIDR prefix length: 10.0.0.0/33');
    expect(() => parseAddressRanges('10.0.0.0/x')).toThrow('not a CIDR prefix length');
  });
});
