import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not be aimed at: the pod's own loopback, the cluster's and the
 * office's private networks and the cloud metadata service (169.254.169.254). The egress
 * policy blocks them in Kubernetes too; refusing them here gives the admin a field error and
 * keeps a deployment without that policy from POSTing tenant data into its own network.
 */
const PRIVATE_RANGES: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  // "This host": Linux connects 0.0.0.0 to the loopback.
  ['0.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
  ['::', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
];

/** A list of addresses and CIDR ranges, e.g. "127.0.0.1/32,::1", as WEBHOOK_ALLOWED_PRIVATE_TARGETS takes it. */
export function parseAddressRanges(list: string): BlockList {
  const ranges = new BlockList();
  for (const entry of list
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`not an IP address or CIDR range: ${entry}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
      throw new Error(`not a CIDR prefix length: ${entry}`);
    }
    ranges.addSubnet(address, prefix, type);
  }
  return ranges;
}

const privateRanges = new BlockList();
for (const [address, prefix, type] of PRIVATE_RANGES) privateRanges.addSubnet(address, prefix, type);

/** ::ffff:127.0.0.1 (or ::ffff:7f00:1, as URL writes it) is the IPv4 address it wraps. */
function unwrapMappedIpv4(address: string): string {
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!mapped) return address;
  if (mapped[1]) return mapped[1];
  const high = Number.parseInt(mapped[2] ?? '0', 16);
  const low = Number.parseInt(mapped[3] ?? '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function isPrivate(address: string, allowed: BlockList): boolean {
  const plain = unwrapMappedIpv4(address);
  const type = isIP(plain) === 4 ? 'ipv4' : 'ipv6';
  return privateRanges.check(plain, type) && !allowed.check(plain, type);
}

export type ResolveHost = (host: string) => Promise<string[]>;

/** Every address the system resolver gives for a name (A and AAAA). */
export const resolveWithSystem: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Why a webhook may not POST to this http(s) URL, or undefined when it may: its host is a
 * private or loopback address, or a name that resolves only to such addresses. A name that does
 * not resolve (yet) is let through: deliveries to it fail and are retried like any other outage.
 * `allowed` exempts ranges, for the tests' own receivers on the loopback.
 */
export async function privateTargetProblem(
  url: string,
  allowed: BlockList,
  resolve: ResolveHost = resolveWithSystem,
): Promise<string | undefined> {
  // URL has already turned 2130706433 or 0x7f.1 into 127.0.0.1, and keeps IPv6 in brackets.
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  const refusal = 'must not point to a private, loopback or link-local address';
  if (isIP(host) !== 0) return isPrivate(host, allowed) ? refusal : undefined;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return undefined;
  }
  return addresses.length > 0 && addresses.every((a) => isPrivate(a, allowed))
    ? `${refusal} (${host} resolves to ${addresses.join(', ')})`
    : undefined;
}
